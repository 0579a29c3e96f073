// A rating as five stars, filled to the average; the words beside them are what a screen reader
// hears ("4.5 out of 5 stars, 12 reviews"), the stars themselves are decoration.
export function Stars({
  average,
  count,
  size = 'small',
}: {
  average: number;
  count?: number;
  size?: 'small' | 'large';
}) {
  const percent = Math.max(0, Math.min(100, (average / 5) * 100));
  const words = `${average.toFixed(1)} out of 5 stars${count === undefined ? '' : `, ${count} ${count === 1 ? 'review' : 'reviews'}`}`;
  return (
    <span className={`stars stars-${size}`}>
      <span className="stars-track" aria-hidden="true">
        ★★★★★
        <span className="stars-fill" style={{ width: `${percent}%` }}>
          ★★★★★
        </span>
      </span>
      <span className="visually-hidden">{words}</span>
      {count === undefined ? null : (
        <span className="stars-count" aria-hidden="true">
          {average.toFixed(1)} ({count})
        </span>
      )}
    </span>
  );
}
