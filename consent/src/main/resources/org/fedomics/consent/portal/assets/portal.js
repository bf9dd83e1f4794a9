// The fedomics patient portal's script for its consent form (ledger-check.js checks the access
// log). Every form works without it; it only hides the list of diseases while a purpose other
// than research on specific diseases is chosen.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var diseases = document.getElementById('diseases');
  var specific = document.getElementById('purpose-DS');
  if (!diseases || !specific) {
    return;
  }
  var purposes = document.querySelectorAll('input[name="purpose"]');
  var update = function () {
    diseases.hidden = !specific.checked;
  };
  purposes.forEach(function (purpose) {
    purpose.addEventListener('change', update);
  });
  update();
});
