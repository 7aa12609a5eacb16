// Light and dark themes are CSS variables switched by data-theme on <html>; a user theme is a CSS
// file the person picks, kept in localStorage and applied as an extra <style> after ours.

export type ThemeName = 'dark' | 'light';

const THEME_KEY = 'accord.theme';
const USER_CSS_KEY = 'accord.userThemeCss';
const USER_STYLE_ID = 'accord-user-theme';

export function currentTheme(): ThemeName {
  const stored = localStorage.getItem(THEME_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export function setTheme(theme: ThemeName): void {
  localStorage.setItem(THEME_KEY, theme);
  document.documentElement.dataset.theme = theme;
}

export function userThemeCss(): string | null {
  return localStorage.getItem(USER_CSS_KEY);
}

export function setUserThemeCss(css: string | null): void {
  if (css === null) localStorage.removeItem(USER_CSS_KEY);
  else localStorage.setItem(USER_CSS_KEY, css);
  applyUserThemeCss();
}

function applyUserThemeCss(): void {
  const css = userThemeCss();
  let style = document.getElementById(USER_STYLE_ID) as HTMLStyleElement | null;
  if (!css) {
    style?.remove();
    return;
  }
  if (!style) {
    style = document.createElement('style');
    style.id = USER_STYLE_ID;
    document.head.appendChild(style);
  }
  // textContent, not innerHTML: the file is CSS, never markup.
  style.textContent = css;
}

// Called once at start-up, before the first render, so the page never flashes the wrong theme.
export function applyStoredTheme(): void {
  document.documentElement.dataset.theme = currentTheme();
  applyUserThemeCss();
}
