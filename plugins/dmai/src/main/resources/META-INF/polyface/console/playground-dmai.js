// The console playground through DM-AI's recocomp API (gateway: console/playground.js says what a
// dialect's script gives). DM-AI's search names persons, not boxes, and searches the main face only:
// the boxes come from the engine the collection is routed to.
export default {
  label: 'DM-AI',

  async collections(api) {
    const answer = await api.json(api.root + '/api/v1/engine/recocomp/collection/status', { collection_name: [] });
    return (answer.status || []).map((c) => c.collection_name);
  },

  async search(api, bytes, collection) {
    const [detected, answer] = await Promise.all([
      api.detect(bytes, collection),
      api.json(api.root + '/api/v1/engine/recocomp/face/search',
        { collection_name: collection, face_image: api.base64(bytes), top_k: api.top }),
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
};
