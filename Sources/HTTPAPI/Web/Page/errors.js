// Records every script error, failed resource and console.error of the page in window.pageErrors, so a person
// (or an automated check) can see at a glance that the page runs cleanly.
(function () {
  "use strict";
  const errors = [];
  window.pageErrors = errors;
  window.addEventListener("error", (event) => {
    const target = event.target;
    if (target && target !== window && (target.src || target.href)) {
      errors.push("failed to load " + (target.src || target.href));
    } else {
      errors.push(String(event.message || event.error));
    }
  }, true);
  window.addEventListener("unhandledrejection", (event) => {
    errors.push("unhandled rejection: " + String(event.reason && event.reason.message || event.reason));
  });
  const consoleError = console.error.bind(console);
  console.error = (...parts) => {
    errors.push(parts.map(String).join(" "));
    consoleError(...parts);
  };
})();
