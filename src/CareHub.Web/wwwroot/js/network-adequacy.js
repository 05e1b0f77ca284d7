// Draws the network adequacy chart from the numbers in the canvas's data-chart attribute (the table has the same).
(() => {
    const canvas = document.getElementById("adequacy-chart");
    if (!canvas || typeof Chart === "undefined") {
        return;
    }
    const data = JSON.parse(canvas.dataset.chart || "{}");
    if (!data.labels || data.labels.length === 0) {
        canvas.replaceWith(Object.assign(document.createElement("p"), { className: "muted", textContent: "No contracts or eligible members to chart." }));
        return;
    }
    const narrow = window.matchMedia("(max-width: 700px)").matches;
    canvas.parentElement.classList.add("rows-" + Math.min(16, data.labels.length));
    new Chart(canvas, {
        type: "bar",
        data: {
            labels: data.labels,
            datasets: [
                { label: "Contracted capacity", data: data.capacity, backgroundColor: "#0b6e69" },
                { label: "Eligible members", data: data.eligible, backgroundColor: "#9fb8c9" },
                { label: "Shortfall", data: data.shortfall, backgroundColor: "#a4262c" },
            ],
        },
        options: {
            indexAxis: "y",
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: { legend: { position: narrow ? "bottom" : "top" } },
            scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false, font: { size: narrow ? 10 : 12 } } } },
        },
    });
})();
