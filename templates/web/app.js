// paperboy pages: a few small enhancements. Every page works without this
// file; with it, the time zone fills itself in, a form with errors focuses
// their summary, a vote or a confirmation is sent at once, and the preferences page previews
// topics as they are typed.
(function () {
  'use strict';

  // The browser knows its time zone; offer it, and the list of all zones.
  document.querySelectorAll('input[data-timezone]').forEach(function (input) {
    try {
      if (!input.value) input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
      var list = document.getElementById(input.getAttribute('list'));
      if (list && typeof Intl.supportedValuesOf === 'function') {
        Intl.supportedValuesOf('timeZone').forEach(function (zone) {
          var option = document.createElement('option');
          option.value = zone;
          list.appendChild(option);
        });
      }
    } catch (error) {
      // An old browser: the field stays as it is, and the server defaults to UTC.
    }
  });

  // A form sent back with errors: take keyboard and screen-reader users to the list of them.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();

  // A 👍/👎 or confirmation link opens a page whose GET changes nothing (mail
  // scanners open links): its form does the change by POST, sent right away.
  var vote = document.querySelector('form[data-autosubmit]');
  if (vote) {
    var button = vote.querySelector('button');
    if (button) button.disabled = true;
    vote.submit();
  }

  // Forgetting every vote cannot be undone: ask first. Without the script
  // the button acts at once, as any form does.
  document.querySelectorAll('form[data-confirm]').forEach(function (asking) {
    asking.addEventListener('submit', function (event) {
      if (!window.confirm(asking.getAttribute('data-confirm'))) event.preventDefault();
    });
  });

  // Live preview: which recent papers the topics match, as the person types.
  var form = document.querySelector('form[data-preview]');
  var body = document.getElementById('preview-body');
  if (!form || !body) return;
  var topics = form.querySelector('textarea[name="topics"]');
  var section = document.getElementById('preview');
  var timer = 0;
  var latest = 0;

  topics.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  });

  function update() {
    var mine = ++latest;
    section.setAttribute('aria-busy', 'true');
    fetch(form.getAttribute('data-preview'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ topics: topics.value }),
      credentials: 'same-origin',
    })
      .then(function (response) {
        if (!response.ok) throw new Error('preview failed: ' + response.status);
        return response.json();
      })
      .then(function (preview) {
        if (mine === latest) show(preview);
      })
      .catch(function () {
        if (mine === latest) replace([text('p', 'The preview is not available right now; saving still works.', 'preview-summary')]);
      })
      .then(function () {
        if (mine === latest) section.removeAttribute('aria-busy');
      });
  }

  function show(preview) {
    var nodes = [text('p', preview.summary, 'preview-summary')];
    if (preview.ok) {
      var list = element('ol', 'papers');
      preview.papers.forEach(function (paper) { list.appendChild(paperItem(paper)); });
      nodes.push(list);
    } else {
      var box = element('div', 'preview-error');
      preview.errors.forEach(function (error) {
        var line = element('p');
        line.appendChild(text('strong', 'Line ' + error.line + (error.column ? ', column ' + error.column : '') + ':'));
        line.appendChild(document.createTextNode(' ' + error.message));
        box.appendChild(line);
        if (error.source) {
          var caret = text('pre', error.source + '\n' + error.caret, 'caret');
          caret.setAttribute('aria-hidden', 'true');
          box.appendChild(caret);
        }
      });
      nodes.push(box);
    }
    replace(nodes);
  }

  // The same markup as the server's partials/paper.hbs; text only ever goes in as text.
  function paperItem(paper) {
    var item = element('li', 'paper');
    var heading = element('h3', 'paper-title');
    var link = element('a');
    link.href = paper.url;
    link.rel = 'noopener noreferrer';
    segments(link, paper.title);
    heading.appendChild(link);
    item.appendChild(heading);
    if (paper.meta) item.appendChild(text('p', paper.meta, 'paper-meta'));
    var snippet = element('p', 'paper-snippet');
    segments(snippet, paper.snippet);
    item.appendChild(snippet);
    if (paper.topic) item.appendChild(text('p', 'Topic: ' + paper.topic, 'paper-topic'));
    return item;
  }

  function segments(parent, parts) {
    parts.forEach(function (part) {
      parent.appendChild(part.strong ? text('strong', part.text) : document.createTextNode(part.text));
    });
  }

  function replace(nodes) {
    while (body.firstChild) body.removeChild(body.firstChild);
    nodes.forEach(function (node) { body.appendChild(node); });
  }

  function element(name, className) {
    var node = document.createElement(name);
    if (className) node.className = className;
    return node;
  }

  function text(name, value, className) {
    var node = element(name, className);
    node.textContent = value;
    return node;
  }
})();
