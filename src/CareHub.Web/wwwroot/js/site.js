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
