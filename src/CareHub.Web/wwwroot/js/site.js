// Small progressive enhancements; every page works without script.
document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
    }
});

// Pages that wait for background work (identification runs) reload themselves until it is done.
const reload = document.querySelector("[data-reload-after]");
if (reload) {
    setTimeout(() => location.reload(), Number(reload.dataset.reloadAfter) || 3000);
}
// A form sent back with errors: move focus to its error summary, so a screen reader reads it and a keyboard user
// starts from its links to the fields.
// A form that posts to a fragment (#outreach) is scrolled there after load, which takes focus back to the page, so
// focus is moved again then unless the user has already moved it.
const focusErrorSummary = () => {
    const summary = document.querySelector("[data-error-summary]");
    if (summary instanceof HTMLElement && (document.activeElement === null || document.activeElement === document.body)) {
        summary.focus();
    }
};
document.addEventListener("DOMContentLoaded", focusErrorSummary);
window.addEventListener("load", () => setTimeout(focusErrorSummary, 0));

// The error summary's links move focus into the field, not only scroll to it.
document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("[data-error-summary] a[href^='#']") : null;
    let field = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
    // A group of checkboxes (a fieldset) takes focus on its first choice.
    if (field instanceof HTMLFieldSetElement) {
        field = field.querySelector("input, select, textarea") ?? field;
    }
    if (field) {
        event.preventDefault();
        // A field in a closed section cannot take focus: open the sections around it first.
        for (let section = field.closest("details"); section; section = section.parentElement?.closest("details") ?? null) {
            section.open = true;
        }
        field.focus();
        field.scrollIntoView({ block: "center" });
    }
});
