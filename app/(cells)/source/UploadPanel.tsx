'use client';
import { useId, useRef, useState, type DragEvent } from 'react';
import type { FormatChoice, ParseOptions } from '@/lib/ingest/types';

const FORMAT_LABELS: Record<FormatChoice, string> = {
  auto: 'Detect automatically',
  combined: 'Access log — combined (nginx/apache)',
  common: 'Access log — common',
  auth: 'auth.log (OpenSSH / syslog)',
  jsonl: 'JSON lines',
  'metrics-csv': 'Metric CSV',
};

/** Drag-and-drop + file picker for several log files, with the parse settings that go into the spec. */
export function UploadPanel({ initial, onFiles }: { initial: ParseOptions; onFiles: (files: File[], parse: ParseOptions) => void }) {
  const [format, setFormat] = useState<FormatChoice>(initial.format);
  const [year, setYear] = useState<string>(initial.year ? String(initial.year) : '');
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const formatId = useId();
  const yearId = useId();

  function submit(list: FileList | null) {
    const files = list ? Array.from(list) : [];
    if (files.length === 0) return;
    const y = year.trim() === '' ? undefined : Number(year);
    if (y !== undefined && (!Number.isInteger(y) || y < 1970 || y > 2100)) {
      setProblem(`Year must be a whole number from 1970 to 2100, not "${year}".`);
      return;
    }
    setProblem(null);
    onFiles(files, { format, year: y, latencyUnit: initial.latencyUnit ?? 'auto' });
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    submit(e.dataTransfer.files);
  }

  return (
    <div>
      <label
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          multiple
          aria-label="Upload log files"
          data-testid="file-input"
          onChange={(e) => {
            submit(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
        <strong>Drop log files here</strong> or <u>choose files</u>
        <div className="small">nginx/apache access logs, auth.log, JSON lines, metric CSV; .gz accepted; several files at once. Files never leave this tab.</div>
      </label>
      <div className="row" style={{ marginTop: 8 }}>
        <label htmlFor={formatId}>Format</label>
        <select id={formatId} value={format} onChange={(e) => setFormat(e.target.value as FormatChoice)}>
          {(Object.keys(FORMAT_LABELS) as FormatChoice[]).map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
        <label htmlFor={yearId}>Year for syslog times</label>
        <input id={yearId} inputMode="numeric" placeholder="file's date" size={9} value={year} onChange={(e) => setYear(e.target.value)} />
      </div>
      {problem ? (
        <p className="msg error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
