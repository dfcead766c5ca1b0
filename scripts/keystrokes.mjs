// The keystroke the browser benchmarks time, shared by `bench-browser.mjs` and
// `profile-browser.mjs` so that the profile looks at exactly what the benchmark measures.

/**
 * Types `n` values into the service field of the mounted `page`, one at a time, and returns
 * each keystroke's time (ms) from the input event to the preview showing the new text. Like
 * a typist, the next keystroke comes after the page has painted and rendered the rest of the
 * files (the frame and the task after it, `State::settle_after_paint`). When the page
 * defines `window.keystrokeStarts` and `window.keystrokeShown`, they are called at the two
 * ends of each timed span (the profile's marks).
 */
export function typeKeystrokes(page, n) {
  return page.evaluate(async (n) => {
    const input = document.querySelector('#project-service');
    const code = document.querySelector('.file-contents');
    const out = [];
    for (let i = 0; i < n; i++) {
      const value = `bench${i}`;
      const shown = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (code.textContent.includes(`Deploys ${value} to`)) {
            observer.disconnect();
            const t = performance.now();
            window.keystrokeShown?.();
            resolve(t);
          }
        });
        observer.observe(code, { childList: true, subtree: true, characterData: true });
      });
      window.keystrokeStarts?.();
      const t0 = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      out.push((await shown) - t0);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      await new Promise((r) => setTimeout(r, 0));
    }
    return out;
  }, n);
}
