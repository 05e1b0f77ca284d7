// The referral form's instant check: when the service, dates, units, amount or attestations change, the form is
// posted to the page's Check handler in the background and the check panel is replaced. Without JavaScript the
// "Check against the catalog" button does the same.
(function () {
    const form = document.querySelector('[data-testid="referral-form"]');
    if (!form) { return; }
    const watched = ['Service', 'Start', 'End', 'Quantity', 'Amount', 'CboId'];
    let timer = null;
    let running = null;

    async function check() {
        if (!form.querySelector('#Service').value) { return; }
        const data = new FormData(form);
        data.delete('DocumentFile');
        running?.abort();
        running = new AbortController();
        try {
            const response = await fetch(form.action.split('?')[0] + '?handler=Check', { method: 'POST', body: data, signal: running.signal });
            if (!response.ok) { return; }
            const page = new DOMParser().parseFromString(await response.text(), 'text/html');
            const fresh = page.querySelector('[data-testid="instant-check"]');
            const current = document.querySelector('[data-testid="instant-check"]');
            if (fresh && current) { current.replaceWith(fresh); }
            else if (fresh) { form.after(fresh); }
            const attest = page.querySelector('fieldset.attest');
            const oldAttest = form.querySelector('fieldset.attest');
            if (attest && !oldAttest) { form.querySelector('[data-testid="referral-documents"]')?.before(attest); }
        } catch (e) {
            if (e.name !== 'AbortError') { console.warn('Instant check failed', e); }
        }
    }

    function schedule() {
        clearTimeout(timer);
        timer = setTimeout(check, 400);
    }

    for (const id of watched) {
        const el = form.querySelector('#' + id);
        el?.addEventListener('change', schedule);
        el?.addEventListener('input', schedule);
    }
    form.addEventListener('change', e => { if (e.target.name === 'Attested') { schedule(); } });
})();
