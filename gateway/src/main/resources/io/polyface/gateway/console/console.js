// The console's frame: pages behind the hash (#overview, #playground?dialect=...), the admin token,
// and the polling of what is on screen.
import { token, onAccess, AccessError } from './core.js';
import * as panels from './panels.js';
import { initPlayground, showPlayground } from './playground.js';

const $ = (id) => document.getElementById(id);
const TRAFFIC_EVERY = 3000;

/** Each page: what draws it, and how often it is drawn again while shown (0: once). */
const PAGES = {
  overview: { draw: drawOverview, every: 5000 },
  shadow: { draw: panels.renderShadow, every: 5000 },
  jobs: { draw: panels.renderJobs, every: 5000 },
  coverage: { draw: panels.renderCoverage, every: 0 },
  calibration: { draw: panels.renderCalibration, every: 0 },
  playground: { draw: showPlayground, every: 0 },
};

let current = { page: null, timer: null };

async function drawOverview() {
  await Promise.all([panels.renderEngines(), panels.renderRoutes()]);
  panels.renderTraffic();
}

function route() {
  const [name, query] = location.hash.replace(/^#/, '').split('?');
  const page = PAGES[name] ? name : 'overview';
  const params = new URLSearchParams(query || '');
  clearInterval(current.timer);
  current = { page, timer: null };
  for (const section of document.querySelectorAll('.page')) section.hidden = section.id !== 'page-' + page;
  for (const link of document.querySelectorAll('.sidebar a[data-page]')) link.classList.toggle('active', link.dataset.page === page);
  draw(page, params);
  if (PAGES[page].every) current.timer = setInterval(() => draw(page, params), PAGES[page].every);
}

async function draw(page, params) {
  const section = $('page-' + page);
  try {
    await PAGES[page].draw(params);
    if (page !== 'playground') section.dataset.state = 'ready';
  } catch (e) {
    section.dataset.state = 'error';
    if (!(e instanceof AccessError)) banner('Could not load this page: ' + e.message);
  }
}

function banner(text) {
  const node = $('banner');
  node.textContent = text;
  node.hidden = !text;
}

function watchAccess() {
  onAccess((ok, error) => {
    const chip = $('auth');
    chip.className = 'chip ' + (ok ? 'ok' : 'bad');
    chip.textContent = ok ? 'admin access' : error.status === 401 ? 'token needed' : 'refused';
    if (ok) {
      if ($('banner').dataset.kind === 'access') banner('');
      $('banner').dataset.kind = '';
    } else {
      banner('The admin paths refused this browser: ' + error.message + '.'
        + (error.status === 401 ? ' Paste admin.token above; it is kept for this tab only.' : ''));
      $('banner').dataset.kind = 'access';
    }
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    token.set($('token-input').value.trim());
    $('token-input').value = '';
    route();
  });
  $('token-clear').addEventListener('click', () => {
    token.set('');
    route();
  });
}

async function sampleTraffic() {
  try {
    await panels.sampleTraffic();
    if (current.page === 'overview') panels.renderTraffic();
  } catch (e) {
    // Access problems show in the banner already; a missed sample is only a gap in the line.
  }
}

async function start() {
  watchAccess();
  try {
    const index = await (await fetch('/', { cache: 'no-store' })).json();
    $('version').textContent = 'v' + index.version;
  } catch (e) {
    banner('Cannot read the gateway\'s index at /: ' + e.message);
  }
  await initPlayground();
  window.addEventListener('hashchange', route);
  await sampleTraffic();
  setInterval(sampleTraffic, TRAFFIC_EVERY);
  route();
  document.body.dataset.state = 'ready';
}

start();
