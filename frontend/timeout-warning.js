// The "stay signed in?" warning (GOV.UK timeout warning pattern, as a modal dialog).
// Shown a few minutes before the idle timeout; staying signed in keeps the page, and
// whatever has been typed, just as it is. Without JavaScript the dialog never opens,
// and a form sent after the timeout is kept as a draft by the server instead.
const dialog = document.getElementById("timeout-warning");

if (dialog && typeof dialog.showModal === "function") {
  const statusUrl = dialog.dataset.statusUrl;
  const warningSeconds = Number(dialog.dataset.warningSeconds);
  const idleSeconds = Number(dialog.dataset.idleSeconds);
  const countdown = dialog.querySelector(".heard-timeout-dialog__countdown");
  const form = dialog.querySelector("form");
  let timer = null;
  let ticker = null;
  let deadline = 0;
  let returnFocus = null;

  const describe = (seconds) => {
    if (seconds >= 120) {
      return dialog.dataset.textMinutes.replace("%(count)s", Math.ceil(seconds / 60));
    }
    if (seconds >= 60) {
      return dialog.dataset.textMinute;
    }
    return dialog.dataset.textSeconds.replace("%(count)s", Math.max(0, Math.ceil(seconds)));
  };

  const signOut = () => {
    // Past the limit the server signs out on the next request; reloading shows that, and
    // takes sensitive information off the screen.
    window.location.reload();
  };

  const schedule = (secondsLeft) => {
    window.clearTimeout(timer);
    deadline = Date.now() + secondsLeft * 1000;
    timer = window.setTimeout(check, Math.max(0, secondsLeft - warningSeconds) * 1000);
  };

  const tick = () => {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) {
      window.clearInterval(ticker);
      window.setTimeout(signOut, 1000);
      return;
    }
    const text = describe(left);
    // Updating only when the wording changes keeps screen readers from chattering.
    if (countdown.textContent !== text) {
      countdown.textContent = text;
    }
  };

  const show = (secondsLeft) => {
    deadline = Date.now() + secondsLeft * 1000;
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
    }
    tick();
    window.clearInterval(ticker);
    ticker = window.setInterval(tick, 1000);
  };

  async function check() {
    // Another tab may have kept the session alive: ask the server before warning.
    try {
      const response = await fetch(statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        signOut();
        return;
      }
      const { seconds_left: left } = await response.json();
      if (left > warningSeconds) {
        schedule(left);
      } else {
        show(left);
      }
    } catch {
      show((deadline - Date.now()) / 1000);
    }
  }

  const stay = async () => {
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        signOut();
        return;
      }
      const { seconds_left: left } = await response.json();
      window.clearInterval(ticker);
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === "function") {
        returnFocus.focus();
      }
      schedule(left);
    } catch {
      signOut();
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    stay();
  });
  // Escape means "stay signed in", as in the GOV.UK pattern.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });

  schedule(idleSeconds);
}
