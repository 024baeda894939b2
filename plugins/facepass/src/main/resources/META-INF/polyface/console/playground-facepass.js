// The console playground through FacePass's server API (gateway: console/playground.js says what a
// dialect's script gives). Recognize searches a group for the photo's main face (one track, no
// rect) and names the best face_token with its score out of 100; the boxes come from the engine
// the group is routed to.
const FACE_DATA = JSON.stringify({ faces: [{ track_id: 1 }] });

export default {
  label: 'FacePass',

  async collections(api) {
    const answer = await api.json(api.root + '/api/group/v1/list');
    return (answer.data || {}).groups || [];
  },

  async search(api, bytes, collection) {
    const form = new FormData();
    form.append('group_name', collection);
    form.append('face_data', FACE_DATA);
    form.append('image_1', new Blob([bytes], { type: 'application/octet-stream' }), 'photo');
    const [detected, answer] = await Promise.all([
      api.detect(bytes, collection),
      api.form(api.root + '/api/service/recognize/v1/', form),
    ]);
    if (answer.code !== 0) throw new Error(`FacePass code ${answer.code}: ${answer.message}`);
    const result = (answer.data.results || [])[0] || {};
    const hits = result.face_found ? [{ id: result.face_token, score: result.score }] : [];
    return {
      raw: { recognize: answer, '/admin/console/faces': detected },
      note: `Recognize names the best face of the group, scored out of 100 (recognized at ${answer.data.recognize_threshold}).`
        + ` The boxes come from the engine this group is routed to (${detected.engine}); recognize searches the main face only.`,
      scoreMax: 100,
      faces: detected.faces.map((f, i) => ({
        box: { x: f.x, y: f.y, width: f.width, height: f.height },
        hits: i === 0 ? hits : null,
      })),
    };
  },
};
