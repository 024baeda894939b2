// The console playground through Qiniu's face group API (gateway: console/playground.js says what a
// dialect's script gives). Qiniu's search answers a box and hits for every face it finds. The
// playground signs nothing: it works while the dialect has no access keys.
export default {
  label: 'Qiniu',

  async collections(api) {
    const answer = await api.json(api.root + '/v1/face/groups');
    return answer.groups || [];
  },

  async search(api, bytes, collection) {
    const answer = await api.json(`${api.root}/v1/face/groups/${encodeURIComponent(collection)}/search`,
      { images: ['data:application/octet-stream;base64,' + api.base64(bytes)], limit: api.top });
    const faces = ((answer.search_results || [])[0] || {}).faces || [];
    return {
      raw: { search: answer },
      note: 'Boxes and hits as Qiniu\'s search answers them, one entry per face found.',
      faces: faces.map((f) => ({
        box: api.boxOfPoints(f.bounding_box.pts),
        hits: (f.faces || []).map((hit) => ({ id: hit.id, score: hit.score, tag: hit.tag })),
      })),
    };
  },
};
