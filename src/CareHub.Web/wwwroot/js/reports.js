// Outcomes page: follows a background computation and reloads the page when it is done.
(() => {
    const job = document.getElementById("job");
    if (!job || !["queued", "running"].includes(job.dataset.status)) {
        return;
    }

    const progress = job.querySelector("progress");
    const stage = job.querySelector("[data-testid=stage]");
    const poll = async () => {
        try {
            const response = await fetch(job.dataset.jobUrl, { headers: { Accept: "application/json" } });
            if (response.ok) {
                const state = await response.json();
                if (state.status === "completed" || state.status === "failed") {
                    location.reload();
                    return;
                }

                if (progress) { progress.value = state.percent; progress.textContent = state.percent + "%"; }
                if (stage) { stage.textContent = state.stage; }
            }
        } catch {
            // Try again on the next tick.
        }

        setTimeout(poll, 1000);
    };
    setTimeout(poll, 500);
})();
