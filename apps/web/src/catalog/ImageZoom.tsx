// The product picture at full size over the page: opened from the gallery, closed by its button,
// Escape or a click outside the picture. Focus moves to the close button and back on closing.
import type { MediaImage } from '@emporium/api-client';
import { useEffect, useRef } from 'react';

export function ImageZoom({ image, onClose }: { image: MediaImage; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    // A click on the dimmed area around the picture (a pointer-only shortcut; Escape and the
    // close button are the keyboard's ways out).
    const onBackdrop = (event: MouseEvent) => {
      if (event.target === backdrop.current) onClose();
    };
    document.addEventListener('keydown', onKey);
    backdrop.current?.addEventListener('click', onBackdrop);
    const area = backdrop.current;
    return () => {
      document.removeEventListener('keydown', onKey);
      area?.removeEventListener('click', onBackdrop);
      opener?.focus();
    };
  }, [onClose]);
  const zoom = image.renditions.zoom;
  return (
    <div ref={backdrop} className="zoom-backdrop">
      <div className="zoom" role="dialog" aria-modal="true" aria-label={`Zoomed picture: ${image.alt}`}>
        <button ref={close} type="button" className="zoom-close" onClick={onClose}>
          Close
        </button>
        <picture>
          <source type="image/avif" srcSet={zoom.avif} />
          <source type="image/webp" srcSet={zoom.webp} />
          <img src={zoom.fallback} alt={image.alt} width={zoom.width} height={zoom.height} />
        </picture>
      </div>
    </div>
  );
}
