// The playground: a photo searched in a collection through a dialect's own API, its faces boxed.
import { h, fill, admin, fmt } from './core.js';

const $ = (id) => document.getElementById(id);
/** The first face's colour is the one tests look for on the screenshot; keep it distinct from skin and sky. */
const COLOURS = ['#ff2d9b', '#00b8d9', '#f5a524', '#36b37e', '#8777d9'];
const TOP = 5;

/** What the playground needs of a dialect: its collections, and a search giving faces with boxes and hits. */
const DIALECTS = {
  dmai: {
    label: 'DM-AI',
    async collections() {
      const answer = await dialectJson('/dmai/api/v1/engine/recocomp/collection/status', { collection_name: [] });
      return (answer.status || []).map((c) => c.collection_name);
    },
    async search(bytes, collection) {
      const query = new URLSearchParams({ dialect: 'dmai', collection });
      const [detected, answer] = await Promise.all([
        admin('/admin/console/faces?' + query, { method: 'POST', body: bytes, headers: { 'Content-Type': 'application/octet-stream' } }),
        dialectJson('/dmai/api/v1/engine/recocomp/face/search',
          { collection_name: collection, face_image: base64(bytes), top_k: TOP }),
      ]);
      if (answer.err_code !== 0) throw new Error(`DM-AI err_code ${answer.err_code}: ${answer.status}`);
      return {
        raw: { 'face/search': answer, '/admin/console/faces': detected },
        note: 'DM-AI\'s search answer names persons, not boxes: the boxes come from the engine this collection is routed to'
          + ` (${detected.engine}); DM-AI searches the main face only.`,
        faces: detected.faces.map((f, i) => ({
          box: { x: f.x, y: f.y, width: f.width, height: f.height },
          hits: i === 0 ? answer.status.map((s) => ({ id: s.result, score: s.score })) : null,
        })),
      };
    },
  },
  qiniu: {
    label: 'Qiniu',
    async collections() {
      const answer = await dialectJson('/qiniu/v1/face/groups');
      return answer.groups || [];
    },
    async search(bytes, collection) {
      const answer = await dialectJson(`/qiniu/v1/face/groups/${encodeURIComponent(collection)}/search`,
        { images: ['data:application/octet-stream;base64,' + base64(bytes)], limit: TOP });
      const faces = ((answer.search_results || [])[0] || {}).faces || [];
      return {
        raw: { search: answer },
        note: 'Boxes and hits as Qiniu\'s search answers them, one entry per face found.',
        faces: faces.map((f) => ({
          box: fromPoints(f.bounding_box.pts),
          hits: (f.faces || []).map((hit) => ({ id: hit.id, score: hit.score, tag: hit.tag })),
        })),
      };
    },
  },
};

const state = { bytes: null, image: null };

export function initPlayground(servedDialects) {
  const select = $('pg-dialect');
  const usable = Object.keys(DIALECTS).filter((id) => servedDialects.includes(id));
  fill(select, usable.map((id) => h('option', { value: id }, DIALECTS[id].label)));
  if (!usable.length) status('None of the playground\'s dialects (DM-AI, Qiniu) is served by this gateway.', true);
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
    const names = await dialect.collections();
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
    const result = await DIALECTS[dialectId].search(state.bytes, collection);
    draw(result.faces);
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
function draw(faces) {
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
    const label = `${i + 1}` + (best ? ` ${best.id} ${fmt(best.score, 2)}` : face.hits ? ' no match' : '');
    g.font = '600 13px system-ui, sans-serif';
    const tw = g.measureText(label).width + 10;
    const ly = y >= 20 ? y - 20 : y + hgt;
    g.fillStyle = colour;
    g.fillRect(x - 1.5, ly, tw, 20);
    g.fillStyle = '#fff';
    g.fillText(label, x + 4, ly + 14);
    rects.push([x, y, w, hgt]);
  });
  canvas.dataset.boxes = String(faces.length);
  canvas.dataset.boxRects = JSON.stringify(rects);
  canvas.hidden = false;
  document.querySelector('.drop-hint').hidden = true;
}

function showResults(result) {
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
          h('span', { class: 'scorebar' }, h('i', { style: `width:${Math.max(0, Math.min(1, hit.score)) * 100}%` })),
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

/** A dialect's own API: no admin token (it is not the dialect's credential). */
async function dialectJson(path, body) {
  const response = await fetch(path, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch (e) { throw new Error(`${path}: ${response.status} ${text.slice(0, 200)}`); }
  if (response.status === 401) {
    throw new Error(`${path}: 401 ${json.error || ''}. The playground sends no vendor credentials: it works with`
      + ' dialects that need none (DM-AI; Qiniu without access keys).');
  }
  if (!response.ok) throw new Error(`${path}: ${response.status} ${json.error || text.slice(0, 200)}`);
  return json;
}

/** Qiniu's four corner points as a box. */
function fromPoints(pts) {
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const x = Math.min(...xs), y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

function base64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
