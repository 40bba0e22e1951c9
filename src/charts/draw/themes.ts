/**
 * How a chart looks: the light and dark colours and type, and the marker of each series. The
 * browser and the build-time images draw with the same values.
 */

export type ThemeName = 'light' | 'dark';

/** Colours and type of one theme; the browser and the build-time images use the same values. */
export interface ChartTheme {
  name: ThemeName;
  background: string;
  text: string;
  mutedText: string;
  grid: string;
  fontFamily: string;
  /**
   * Series colours in order, one per model (`BASE_MODELS`): Okabe and Ito's colour-blind-safe
   * set, and Paul Tol's wine (lighter in the dark theme). tests/unit/charts/draw/themes.test.ts
   * checks that no two read as one and that each stands 3:1 against the background.
   */
  series: readonly string[];
}

const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, Ubuntu, 'DejaVu Sans', 'Liberation Sans', sans-serif";

/** Chart themes matching Starlight's light and dark colours. */
export const THEMES: Record<ThemeName, ChartTheme> = {
  light: {
    name: 'light',
    background: '#ffffff',
    text: '#17181c',
    mutedText: '#545861',
    grid: '#d5d7dc',
    fontFamily: FONT_FAMILY,
    series: [
      '#0072b2',
      '#d55e00',
      '#009e73',
      '#cc79a7',
      '#8a6d00',
      '#56689e',
      '#000000',
      '#882255',
    ],
  },
  dark: {
    name: 'dark',
    background: '#17181c',
    text: '#f2f3f5',
    mutedText: '#bfc2c9',
    grid: '#3a3d45',
    fontFamily: FONT_FAMILY,
    series: [
      '#56b4e9',
      '#ff8c3a',
      '#2fd3a0',
      '#f0a3cf',
      '#f0e442',
      '#b5bff5',
      '#ffffff',
      '#e8606a',
    ],
  },
};

/**
 * Point marker per series, so series differ by shape as well as colour: Chart.js's point style,
 * turned by `rotation` degrees (an upside-down triangle).
 */
export const POINT_MARKERS = [
  { style: 'circle', rotation: 0 },
  { style: 'rect', rotation: 0 },
  { style: 'triangle', rotation: 0 },
  { style: 'rectRot', rotation: 0 },
  { style: 'star', rotation: 0 },
  { style: 'crossRot', rotation: 0 },
  { style: 'cross', rotation: 0 },
  { style: 'triangle', rotation: 180 },
] as const;

/**
 * Dash pattern of a model's variant (one option changed), drawn in its model's colour: dotted,
 * unlike a bound's longer dashes.
 */
export const VARIANT_DASH = [2, 3];
