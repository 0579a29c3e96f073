// The prefix of every problem `type` the API answers with; its last segment is the problem's
// slug (`…/payment-declined`). Kept free of schema code so the web and mobile bundles can import
// it without TypeBox.
export const PROBLEM_BASE = 'https://emporium.dev/problems/';
