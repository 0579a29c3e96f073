// Where a saga stands in a definition, found by step name: a saga saved under an older definition
// resumes after the last step it took that the current definition knows. A step inserted before
// that point is not run for it (the saga began without it); one inserted after it is.

/** The index of the step to run next, for a saga that took `taken` (oldest first). */
export function nextStepIndex(steps: readonly { name: string }[], taken: readonly string[]): number {
  for (let i = taken.length - 1; i >= 0; i--) {
    const position = steps.findIndex((step) => step.name === taken[i]);
    if (position >= 0) return position + 1;
  }
  return 0;
}
