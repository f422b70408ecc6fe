import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';

interface FilePickerProps {
  /** The field's label ("付款截图（可选）"). */
  label: ReactNode;
  /** The big button's words ("选择截图", "拍照或选择照片"). */
  choose: string;
  /**
   * No `capture` is offered: with it Android opens the camera and no album, and a resident who already took the
   * photo (a damaged box, a payment screenshot) could not pick it; without it the phone offers both.
   */
  accept: string;
  /** The file chosen and not yet sent: shown under the button, with a preview when it is an image. */
  file?: File | null;
  onPick: (file: File) => void;
  /** Offers 移除 next to the chosen file. */
  onClear?: () => void;
  id?: string;
  hint?: ReactNode;
}

/**
 * A file field a phone's user can hit and read: one big button in the page's language instead of the browser's
 * small "Choose File / No file chosen" (in English on many phones), and the chosen photo shown before it is sent.
 */
export function FilePicker({ label, choose, accept, file, onPick, onClear, id, hint }: FilePickerProps) {
  const { t } = useTranslation();
  const autoId = useId();
  const inputId = id ?? autoId;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <label className="file-pick">
        <span className="btn btn-secondary btn-block">{file ? t('common.file.another') : choose}</span>
        <input
          id={inputId}
          type="file"
          accept={accept}
          aria-describedby={hint ? `${inputId}-hint` : undefined}
          onChange={(e) => {
            const picked = e.target.files?.[0];
            // The same file can be picked again after 移除.
            e.target.value = '';
            if (picked) onPick(picked);
          }}
        />
      </label>
      {hint ? (
        <p className="field-hint secondary" id={`${inputId}-hint`}>
          {hint}
        </p>
      ) : null}
      {file ? <ChosenFile file={file} onClear={onClear} /> : null}
    </div>
  );
}

function ChosenFile({ file, onClear }: { file: File; onClear?: () => void }) {
  const { t } = useTranslation();
  const preview = usePreview(file);
  return (
    <div className="file-chosen" data-testid="file-chosen">
      {preview ? <img src={preview} alt={t('common.file.preview')} /> : null}
      <span className="file-chosen-name">{file.name}</span>
      {onClear ? (
        <Button variant="ghost" onClick={onClear}>
          {t('common.file.remove')}
        </Button>
      ) : null}
    </div>
  );
}

/** An object URL for an image file while it is shown; none for other files. */
function usePreview(file: File): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith('image/')) {
      setUrl(null);
      return;
    }
    const made = URL.createObjectURL(file);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file]);
  return url;
}
