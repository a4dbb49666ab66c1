import { use } from 'react';
import QRCode from 'qrcode';

const images = new Map<string, Promise<string>>();

/**
 * A QR code as a PNG image (an image in the PDF, not vector paths). Level L: paper prints cleanly,
 * and the lowest level keeps a signed statement's modules large enough at 2.5 cm
 * (tests/unit/document-statement.test.ts). Suspends until drawn, so a print never catches it half-made.
 */
function qrImage(text: string): Promise<string> {
  let image = images.get(text);
  if (!image) {
    image = QRCode.toDataURL(text, { errorCorrectionLevel: 'L', margin: 4, width: 360 });
    images.set(text, image);
  }
  return image;
}

export function QrImage({ text, alt, sizeMm = 25 }: { text: string; alt: string; sizeMm?: number }) {
  const src = use(qrImage(text));
  return <img src={src} alt={alt} data-code={text} style={{ width: `${sizeMm}mm`, height: `${sizeMm}mm`, display: 'block' }} />;
}
