/** Components chapter authors use in MDX. */
export { default as Chart } from '../../charts/components/Chart.astro';
export { default as Measured } from '../../charts/components/Measured.astro';
export { default as PythonDemo } from '../../demos/python-demo/PythonDemo.astro';
export { default as WorkerSimulator } from '../../demos/simulator/WorkerSimulator.astro';
export { default as ChapterPages } from '../ChapterPages.astro';
