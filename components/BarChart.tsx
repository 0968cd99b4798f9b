import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only the parts of Chart.js these charts use (it is tree-shaken to them).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface BarSeries {
  label: string;
  values: Array<number | null>;
  color: string;
}

/** A bar chart drawn by Chart.js; the same figures are always also given as text next to it. */
export function BarChart({
  labels,
  series,
  yTitle,
  max,
  label,
}: {
  labels: string[];
  series: BarSeries[];
  yTitle: string;
  max?: number;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const config: ChartConfiguration<'bar', Array<number | null>, string> = {
      type: 'bar',
      data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color })) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: series.length > 1, position: 'bottom' } },
        scales: { y: { beginAtZero: true, ...(max !== undefined ? { max } : {}), title: { display: true, text: yTitle } } },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [JSON.stringify(labels), JSON.stringify(series), yTitle, max]);
  return (
    <div class="chart" role="img" aria-label={label}>
      <canvas ref={canvas} />
    </div>
  );
}
