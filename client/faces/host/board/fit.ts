/**
 * A Svelte action that sizes a block's type to its box: as large as `max` (× the board's type) while
 * it fits, smaller when it must, never below `min`. Content is written to fit at the minimum; a test
 * checks every board at the screen sizes we support.
 */
export function fit(node: HTMLElement, { max = 1.6, min = 1 }: { max?: number; min?: number } = {}) {
  const STEP = 0.05;
  const overflows = () => node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
  const run = () => {
    let size = max;
    node.style.fontSize = `${size}em`;
    while (size > min && overflows()) {
      size = Math.max(min, size - STEP);
      node.style.fontSize = `${size}em`;
    }
  };
  const resized = new ResizeObserver(run);
  resized.observe(node);
  const changed = new MutationObserver(run);
  changed.observe(node, { childList: true, subtree: true, characterData: true });
  run();
  return {
    destroy() {
      resized.disconnect();
      changed.disconnect();
    },
  };
}
