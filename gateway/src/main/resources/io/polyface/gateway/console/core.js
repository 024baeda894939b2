// Shared pieces of the console: DOM building, the admin token, fetching admin JSON, formatting.
// Every value shown goes through textContent (never innerHTML): ids and shadow values are user data.

const TOKEN_KEY = 'polyface.admin-token';

/** Builds an element: h('td', {class: 'num'}, '12'); attributes starting with "on" add listeners. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    // Through the CSSOM: the page's policy refuses inline style attributes.
    else if (name === 'style') node.style.cssText = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) || '',
  set: (value) => value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY),
};

/** Raised for an admin path that refuses this browser (401, 403). */
export class AccessError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const listeners = new Set();
/** Tells fn(ok, error) after each admin call whether access worked. */
export function onAccess(fn) { listeners.add(fn); }
function tell(ok, error) { listeners.forEach((fn) => fn(ok, error)); }

/** GET (or another method) on an admin path, with the bearer token when one is set; JSON back. */
export async function admin(path, options = {}) {
  const response = await adminRaw(path, options);
  return response.json();
}

/** As admin(), the Response itself. */
export async function adminRaw(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (token.get()) headers.set('Authorization', 'Bearer ' + token.get());
  const response = await fetch(path, { ...options, headers, cache: 'no-store' });
  if (response.status === 401 || response.status === 403) {
    const text = await response.text();
    let message = text;
    try { message = JSON.parse(text).error || text; } catch (e) { /* not JSON */ }
    const error = new AccessError(response.status, message);
    tell(false, error);
    throw error;
  }
  if (!response.ok) {
    let message = response.status + ' ' + response.statusText;
    try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
    throw new Error(path + ': ' + message);
  }
  tell(true);
  return response;
}

export function fmt(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
}

export function percent(share, digits = 1) {
  return share === null || share === undefined || Number.isNaN(share) ? '–' : (share * 100).toFixed(digits) + '%';
}

export function ago(iso) {
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 60) return Math.round(seconds) + ' s ago';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
  if (seconds < 86400) return Math.round(seconds / 3600) + ' h ago';
  return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
}

/** A small table: columns as [title, cell(row), className?]. */
export function table(columns, rows) {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([title, , cls]) => h('th', { class: cls }, title)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([, cell, cls]) => h('td', { class: cls }, cell(row)))))));
}

export function chip(text, kind = '') {
  return h('span', { class: 'chip ' + kind }, text);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** A sparkline of one or two series over the same x, as SVG. */
export function sparkline(series, { width = 260, height = 46 } = {}) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  series.forEach(({ values, cls }, index) => {
    if (values.length < 2) return;
    const max = Math.max(...values, 1e-9);
    const step = width / (values.length - 1);
    const points = values.map((v, i) => [i * step, height - 2 - (v / max) * (height - 6)]);
    const line = points.map(([x, y], i) => (i ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1)).join(' ');
    if (index === 0) {
      const area = document.createElementNS(ns, 'path');
      area.setAttribute('class', 'area');
      area.setAttribute('d', line + ` L${width} ${height} L0 ${height} Z`);
      svg.append(area);
    }
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('class', 'line ' + (cls || ''));
    path.setAttribute('d', line);
    path.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.append(path);
  });
  return svg;
}
