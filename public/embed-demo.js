// The host side of the embed protocol (see the README): size each iframe to the height it reports,
// and send commands to widget 1. Kept in a file (no inline script) so a strict CSP allows it.
(function () {
  var PREFIX = 'regularization-playground:';
  var log = document.getElementById('host-log');
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data.type !== 'string' || data.type.indexOf(PREFIX) !== 0) return;
    var frames = document.querySelectorAll('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow !== event.source) continue;
      if (data.type === PREFIX + 'height') {
        frames[i].style.aspectRatio = 'auto';
        frames[i].style.height = data.height + 'px';
        frames[i].setAttribute('data-reported-height', String(data.height));
      }
      if (data.type === PREFIX + 'error') log.textContent = frames[i].id + ': ' + data.message;
    }
  });
  var widget = document.getElementById('widget-1');
  document.querySelectorAll('[data-command]').forEach(function (button) {
    button.addEventListener('click', function () {
      widget.contentWindow.postMessage({ type: PREFIX + 'command', command: button.getAttribute('data-command') }, '*');
    });
  });
  document.querySelectorAll('[data-settings]').forEach(function (button) {
    button.addEventListener('click', function () {
      widget.contentWindow.postMessage({ type: PREFIX + 'command', command: 'setSettings', settings: JSON.parse(button.getAttribute('data-settings')) }, '*');
    });
  });
  document.querySelectorAll('[data-theme]').forEach(function (button) {
    button.addEventListener('click', function () {
      widget.contentWindow.postMessage({ type: PREFIX + 'command', command: 'setTheme', theme: button.getAttribute('data-theme') }, '*');
    });
  });
})();
