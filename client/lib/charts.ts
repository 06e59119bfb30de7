/** The data a BarChart draws: series (one bar each per row) and rows of values 0–100. */
export type BarTone = 'team' | 'mentors' | 'parents';

export interface BarSeries {
  id: string;
  label: string;
  tone: BarTone;
}

export interface BarRow {
  id: string;
  label: string;
  /** Per series, in the order of `series`; 0–100, null where there is no figure. */
  values: (number | null)[];
  highlight?: boolean;
}
