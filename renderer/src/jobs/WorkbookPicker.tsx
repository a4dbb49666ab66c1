import { useRef } from 'react';
import { Button } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { readFileAsBase64 } from './useJob.ts';
import { XLSX_TYPE } from '../../../core/download-route.ts';

/** A button that opens the file chooser for one .xlsx and hands over its name and contents (base64). */
export function WorkbookPicker({ label, disabled, onPicked }: { label: string; disabled?: boolean; onPicked(file: { name: string; base64: string }): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={`.xlsx,${XLSX_TYPE}`}
        hidden
        aria-label={label}
        onChange={async (e) => {
          const chosen = e.target.files?.[0];
          e.target.value = ''; // choosing the same file again still counts
          if (chosen) onPicked({ name: chosen.name, base64: await readFileAsBase64(chosen) });
        }}
      />
      <Button variant="outlined" startIcon={<UploadFileIcon />} disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </Button>
    </>
  );
}
