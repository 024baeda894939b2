// The playground: a photo searched in a collection through a dialect's own API, its faces boxed.
import { h, fill, admin, fmt } from './core.js';

const $ = (id) => document.getElementById(id);
/** The first face's colour is the one tests look for on the screenshot; keep it distinct from skin and sky. */
const COLOURS = ['#ff2d9b', '#00b8d9', '#f5a524', '#36b37e', '#8777d9'];
const TOP = 5;

/**
 * The dialects the playground searches through, by id: each one's script, which its plugin ships
 * (META-INF/polyface/console/playground-<id>.js, served as ./playground-<id>.js). A script's
 * default export is { label, collections(api), search(api, bytes, collection) }: collections gives
 * the names to offer; search gives { raw, note, faces: [{ box: {x, y, width, height}, hits }] },
 * main face first, hits [{ id, score, tag? }] best first or null where the dialect did not search
 * that face, and scoreMax when scores do not run from 0 to 1. `api` is what a script may use
 * (see dialectApi).
 */
const DIALECTS = {};

const state = { bytes: null, image: null };

export async function initPlayground() {
  const select = $('pg-dialect');
  await loadDialects();
  const usable = Object.keys(DIALECTS);
  fill(select, usable.map((id) => h('option', { value: id }, DIALECTS[id].label)));
  if (!usable.length) status('No dialect this gateway serves brings a playground script.', true);
  select.addEventListener('change', () => listCollections());
  $('pg-file').addEventListener('change', (e) => e.target.files[0] && load(e.target.files[0]));
  $('pg-form').addEventListener('submit', (e) => { e.preventDefault(); run(); });
  const drop = $('pg-drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = [...e.dataTransfer.files].find((f) => f.type.startsWith('image/'));
    if (file) load(file).then(() => $('pg-collection').value && run());
  });
}

/** Loads the script of every served dialect that has one; one that fails to load is left out, and said. */
async function loadDialects() {
  let ids = [];
  try {
    ids = (await (await fetch('/console/assets/playgrounds.json', { cache: 'no-store' })).json()).dialects;
  } catch (e) {
    status('Cannot list the playground\'s dialects: ' + e.message, true);
    return;
  }
  const loaded = await Promise.all(ids.map((id) => import(`./playground-${id}.js`).then(
    (module) => ({ id, dialect: module.default }), (e) => ({ id, error: e.message }))));
  const failed = [];
  for (const { id, dialect, error } of loaded) {
    if (dialect) DIALECTS[id] = dialect;
    else failed.push(`${id} (${error})`);
  }
  if (failed.length) status('Playground scripts that did not load: ' + failed.join(', '), true);
}

/** #playground?dialect=dmai&collection=c&image=<url>: preset the form and, with all three, search at once. */
export async function showPlayground(params) {
  if (params.get('dialect') && DIALECTS[params.get('dialect')]) $('pg-dialect').value = params.get('dialect');
  if (params.get('collection')) $('pg-collection').value = params.get('collection');
  listCollections();
  if (params.get('image')) {
    $('page-playground').dataset.state = 'loading';
    try {
      const response = await fetch(params.get('image'));
      if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
      await load(await response.blob());
    } catch (e) {
      fail('Cannot load the image ' + params.get('image') + ': ' + e.message);
      return;
    }
    if ($('pg-collection').value) await run();
  }
}

async function listCollections() {
  const dialect = DIALECTS[$('pg-dialect').value];
  if (!dialect) return;
  try {
    const names = await dialect.collections(dialectApi($('pg-dialect').value));
    fill($('pg-collections'), names.map((n) => h('option', { value: n })));
  } catch (e) {
    fill($('pg-collections'));
  }
}

async function load(blob) {
  state.bytes = new Uint8Array(await blob.arrayBuffer());
  const url = URL.createObjectURL(blob);
  const image = new Image();
  image.src = url;
  await image.decode();
  state.image = image;
  draw([]);
  $('pg-results').hidden = true;
  $('pg-raw').hidden = true;
  $('page-playground').dataset.state = 'loaded';
  status(`${image.naturalWidth} × ${image.naturalHeight} px, ${fmt(state.bytes.length / 1024, 0)} KiB`);
}

async function run() {
  const section = $('page-playground');
  const dialectId = $('pg-dialect').value;
  const collection = $('pg-collection').value.trim();
  if (!state.bytes) return fail('Choose or drop a photo first.');
  if (!collection) return fail('Name a collection to search.');
  section.dataset.state = 'running';
  $('pg-run').disabled = true;
  status('Searching ' + collection + ' through ' + DIALECTS[dialectId].label + '…');
  const started = performance.now();
  try {
    const result = await DIALECTS[dialectId].search(dialectApi(dialectId), state.bytes, collection);
    draw(result.faces, result.scoreMax);
    showResults(result);
    status(`${result.faces.length} face(s) in ${fmt(performance.now() - started, 0)} ms. ${result.note}`);
    section.dataset.state = 'done';
  } catch (e) {
    draw([]);
    fail(e.message);
  } finally {
    $('pg-run').disabled = false;
  }
}

/** The photo scaled to the drop zone, each face's box over it, labelled with its best hit. */
function draw(faces, scoreMax = 1) {
  const canvas = $('pg-canvas');
  const image = state.image;
  if (!image) return;
  const room = Math.max(200, $('pg-drop').clientWidth - 28);
  const scale = Math.min(1, room / image.naturalWidth, 560 / image.naturalHeight);
  canvas.width = Math.round(image.naturalWidth * scale);
  canvas.height = Math.round(image.naturalHeight * scale);
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0, canvas.width, canvas.height);
  const rects = [];
  faces.forEach((face, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const x = Math.round(face.box.x * scale), y = Math.round(face.box.y * scale);
    const w = Math.round(face.box.width * scale), hgt = Math.round(face.box.height * scale);
    g.lineWidth = 3;
    g.strokeStyle = colour;
    g.strokeRect(x, y, w, hgt);
    const best = face.hits && face.hits[0];
    const label = `${i + 1}` + (best ? ` ${best.id} ${fmt(best.score, scoreMax > 1 ? 1 : 2)}` : face.hits ? ' no match' : '');
    g.font = '600 13px system-ui, sans-serif';
    const tw = g.measureText(label).width + 10;
    const ly = y >= 20 ? y - 20 : y + hgt;
    const lx = Math.max(0, Math.min(x - 1.5, canvas.width - tw));
    g.fillStyle = colour;
    g.fillRect(lx, ly, tw, 20);
    g.fillStyle = '#fff';
    g.fillText(label, lx + 5.5, ly + 14);
    rects.push([x, y, w, hgt]);
  });
  canvas.dataset.boxes = String(faces.length);
  canvas.dataset.boxRects = JSON.stringify(rects);
  canvas.hidden = false;
  document.querySelector('.drop-hint').hidden = true;
}

function showResults(result) {
  const scoreMax = result.scoreMax || 1;
  const cards = result.faces.map((face, i) => h('article', { class: 'card face', dataset: { face: String(i + 1) } },
    h('div', { class: 'face-title' },
      h('span', { class: 'swatch', style: 'background:' + COLOURS[i % COLOURS.length] }),
      h('h3', {}, `Face ${i + 1}` + (i === 0 ? ' · main' : '')),
      h('span', { class: 'hint', title: 'box in the photo\'s pixels' },
        `${Math.round(face.box.width)}×${Math.round(face.box.height)} at (${Math.round(face.box.x)}, ${Math.round(face.box.y)})`)),
    face.hits === null ? h('p', { class: 'empty' }, 'Not searched: this dialect searches the main face only.')
      : face.hits.length === 0 ? h('p', { class: 'empty' }, 'No match in the collection.')
        : h('ol', { class: 'hits' }, face.hits.map((hit, rank) => h('li', { dataset: { hitId: hit.id, score: String(hit.score) } },
          h('span', { class: 'rank' }, String(rank + 1)),
          h('span', { class: 'id' }, hit.id, hit.tag && hit.tag !== hit.id ? h('small', {}, hit.tag) : null),
          h('span', { class: 'scorebar' }, h('i', { style: `width:${Math.max(0, Math.min(1, hit.score / scoreMax)) * 100}%` })),
          h('span', { class: 'score' }, fmt(hit.score, 3)))))));
  fill($('pg-results'), h('div', { class: 'faces' }, cards.length ? cards : h('p', { class: 'empty' }, 'No face found in the photo.')));
  $('pg-results').hidden = false;
  fill($('pg-raw').querySelector('pre'), JSON.stringify(result.raw, null, 2));
  $('pg-raw').hidden = false;
}

function status(text, bad = false) {
  const node = $('pg-status');
  node.textContent = text;
  node.classList.toggle('bad', bad);
}

function fail(message) {
  $('page-playground').dataset.state = 'failed';
  status(message, true);
}

/**
 * What a dialect's script may use: root, where the dialect is mounted ('/dmai'); top, how many hits
 * to ask for; json(path, body?), a GET (no body) or JSON POST on the dialect's own API, its answer
 * parsed; form(path, formData), a multipart POST likewise; detect(bytes, collection), the faces the
 * engine that collection is routed to finds (POST /admin/console/faces), for dialects whose answers
 * carry no boxes; base64(bytes); boxOfPoints(pts), four corner points as a box.
 */
function dialectApi(id) {
  return {
    root: '/' + id,
    top: TOP,
    json: (path, body) => dialectCall(path, body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    }),
    form: (path, formData) => dialectCall(path, { method: 'POST', body: formData }),
    detect: (bytes, collection) => admin('/admin/console/faces?' + new URLSearchParams({ dialect: id, collection }),
      { method: 'POST', body: bytes, headers: { 'Content-Type': 'application/octet-stream' } }),
    base64,
    boxOfPoints,
  };
}

/** A dialect's own API: no admin token (it is not the dialect's credential). */
async function dialectCall(path, init) {
  const response = await fetch(path, init);
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch (e) { throw new Error(`${path}: ${response.status} ${text.slice(0, 200)}`); }
  if (response.status === 401) {
    throw new Error(`${path}: 401 ${json.error || ''}. The playground sends no vendor credentials: it works with`
      + ' dialects that need none, or whose credentials the gateway is not configured with.');
  }
  if (!response.ok) throw new Error(`${path}: ${response.status} ${json.error || json.message || text.slice(0, 200)}`);
  return json;
}

/** Four corner points [[x, y], ...] as a box. */
function boxOfPoints(pts) {
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const x = Math.min(...xs), y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

function base64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
