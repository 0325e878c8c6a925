// The report's print button (the Content-Security-Policy allows no inline script).
'use strict';
document.getElementById('print')?.addEventListener('click', () => window.print());
