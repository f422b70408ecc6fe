/** The 接龙 shapes the screens read (docs/jielong.md). */
export type ReviewStatus = 'understood' | 'unsure' | 'unreadable' | 'done';

export interface QtyLine {
  itemId: string;
  qty: number;
}

export interface ReviewLine {
  line: number;
  text: string;
  status: ReviewStatus;
  reasons: string[];
  label: string | null;
  householdId: string | null;
  action: 'add' | 'cancel';
  items: QtyLine[];
  note: string | null;
  current: QtyLine[] | null;
}

export interface ImportPreview {
  title: string | null;
  counts: Record<ReviewStatus, number>;
  lines: ReviewLine[];
  households: { id: string; label: string; verified: boolean }[];
}

export interface CommitEntry {
  line: number;
  householdId: string;
  action: 'add' | 'cancel';
  items: QtyLine[];
  note?: string | null;
  text?: string;
}

export type CommitResult =
  | { line: number; householdId: string; ok: true; order: { seq: number; householdLabel: string } }
  | { line: number; householdId: string; ok: false; error: { code: string; message: string } };

export interface CommitOutcome {
  counts: { placed: number; cancelled: number; failed: number };
  results: CommitResult[];
}
