// Selects that hold only their current choice until first used: a wide
// survey would otherwise put thousands of <option>s into the page at once.

/**
 * Gives `select` its full list of options (made by `options`) when it is
 * first focused or pressed; until then it holds only its current choice.
 * Keyboard, mouse and screen readers all focus a select before choosing. A
 * wide survey would otherwise put thousands of <option>s into the page at
 * once (the split-by and figure-role selects list every question), a third
 * of the style and layout time of showing its report.
 */
export function fillOnFirstUse(select, options) {
  const fill = () => {
    if (select.dataset.filled) return;
    select.dataset.filled = '1';
    const value = select.value;
    select.replaceChildren(...options());
    select.value = value;
  };
  select.addEventListener('focus', fill);
  select.addEventListener('pointerdown', fill);
}
