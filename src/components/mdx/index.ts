/** Components chapter authors use in MDX. */
export { default as Chart } from './Chart.astro';
export { default as Measured } from './Measured.astro';
export { default as PythonDemo } from './PythonDemo.astro';
export { default as WorkerSimulator } from './WorkerSimulator.astro';
