// framescope report.html: evidence filters. Inlined inside a CDATA guard, so never write its end marker here.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var outlet = document.getElementById('f-outlet');
  var voice = document.getElementById('f-voice');
  var count = document.getElementById('f-count');
  if (!form || !outlet || !voice) { return; }
  function apply() {
    var o = outlet.value, v = voice.value, shown = 0;
    document.querySelectorAll('#evidence tbody tr').forEach(function (tr) {
      var ok = (o === '' || tr.getAttribute('data-outlet') === o) &&
               (v === '' || tr.getAttribute('data-voice') === v);
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll('#evidence p.more').forEach(function (p) {
      p.hidden = o !== '' && p.getAttribute('data-outlet') !== o;
    });
    count.textContent = shown + (shown === 1 ? ' line' : ' lines') + ' shown';
  }
  // ?outlet=NAME&voice=own|quote presets the filters, so a filtered view can be linked.
  var params = new URLSearchParams(window.location.search);
  [[outlet, params.get('outlet')], [voice, params.get('voice')]].forEach(function (p) {
    if (p[1] !== null) {
      Array.prototype.forEach.call(p[0].options, function (opt) {
        if (opt.value === p[1]) { p[0].value = p[1]; }
      });
    }
  });
  outlet.addEventListener('change', apply);
  voice.addEventListener('change', apply);
  document.querySelectorAll('#heatmap a.cell').forEach(function (a) {
    a.addEventListener('click', function () {
      outlet.value = a.getAttribute('data-outlet');
      voice.value = 'own';
      apply();
    });
  });
  form.hidden = false;
  apply();
  document.documentElement.setAttribute('data-script', 'ok');
})();
