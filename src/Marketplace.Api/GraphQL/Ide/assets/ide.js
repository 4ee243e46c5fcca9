(function () {
  'use strict';

  var root = document.getElementById('graphiql');
  var endpoint = root.dataset.endpoint;

  // react-style-singleton (used by GraphiQL's dialogs) injects <style> tags;
  // the page's Content-Security-Policy only accepts them with this nonce.
  window.__webpack_nonce__ = document.currentScript.nonce;

  function fetcher(params, options) {
    var headers = Object.assign({}, options && options.headers, {
      'Accept': 'application/graphql-response+json, application/json',
      'Content-Type': 'application/json'
    });
    return fetch(endpoint, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(params),
      credentials: 'same-origin'
    }).then(function (response) {
      return response.text().then(function (text) {
        // application/graphql-response+json uses 4xx for request errors but still carries a GraphQL body.
        try {
          return JSON.parse(text);
        } catch (e) {
          return { errors: [{ message: 'HTTP ' + response.status + ': ' + text }] };
        }
      });
    });
  }

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: root.dataset.defaultQuery,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false
    })
  );
})();
