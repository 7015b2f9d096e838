// Shows the error line after a failed attempt (the server redirects to login?failed).
'use strict';
if (new URLSearchParams(location.search).has('failed')) {
  document.getElementById('failed').hidden = false;
}
