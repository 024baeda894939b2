// Starts the bundled Swagger UI on the contracts this gateway serves. Nothing is fetched from
// elsewhere: the validator badge is off, and "Try it out" calls go to this gateway (the contracts
// name http://localhost:8080/<dialect>, or no server at all).
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('polyface-contracts').textContent);
  var ui = SwaggerUIBundle({
    dom_id: '#docs',
    urls: config.urls,
    'urls.primaryName': config.primary,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    deepLinking: true,
    validatorUrl: null,
    requestInterceptor: function (request) {
      var spec = ui ? ui.specSelectors.url() : '';
      if (!spec || request.url.indexOf(spec) >= 0 || request.loadSpec) {
        return request;
      }
      // The contract lives at /<id>/openapi.json; its operations below /<id> on this gateway.
      var base = new URL(spec, window.location.href).pathname.replace(/\/openapi\.json$/, '');
      var target = new URL(request.url, window.location.href);
      var path = target.pathname.indexOf(base + '/') === 0 ? target.pathname : base + target.pathname;
      request.url = window.location.origin + path + target.search;
      return request;
    }
  });
  window.ui = ui;
})();
