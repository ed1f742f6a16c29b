// The page's behaviour: speakers and voices, synthesis played as it streams, prompts (file or microphone),
// cloning and deleting speakers. Talks to the same API every other client uses.
"use strict";

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = "cosyvoice.apiKey";

const state = {
  audioContext: null,
  player: null,
  abort: null,
  recording: null,     // Blob of the last microphone recording, as WAV
  recorder: null,
  downloadURL: null,
};

// MARK: - API

function authHeaders() {
  const key = localStorage.getItem(KEY_STORAGE);
  return key ? { Authorization: "Bearer " + key } : {};
}

/** A readable message from an error response (the server's {"detail": …} or OpenAI's {"error": …}). */
async function failureMessage(response) {
  let text = "";
  try {
    const body = await response.json();
    const detail = body.detail ?? body.error?.message;
    text = Array.isArray(detail) ? detail.map((item) => item.msg).join("; ") : String(detail ?? "");
  } catch (_) { /* not JSON */ }
  if (response.status === 401) text = "the server needs an API key (enter it above): " + text;
  return `${response.status}: ${text || response.statusText}`;
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...authHeaders(), ...(options.headers || {}) } });
  if (!response.ok) throw new Error(await failureMessage(response));
  return response;
}

// MARK: - Status

function showStatus(message, kind = "info") {
  const status = $("status");
  status.textContent = message;
  status.dataset.kind = kind;
  status.setAttribute("role", kind === "error" ? "alert" : "status");
}

// MARK: - Speakers

async function loadSpeakers() {
  const [speakers, voices] = await Promise.all([
    api("/speakers").then((r) => r.json()).then((body) => body.speakers),
    api("/v1/audio/voices").then((r) => r.json()).then((body) => body.voices),
  ]);
  const select = $("speaker");
  const previous = select.value;
  select.replaceChildren();
  const group = (label) => { const g = document.createElement("optgroup"); g.label = label; select.append(g); return g; };
  const builtIn = group("Built-in speakers");
  const cloned = group("Cloned speakers");
  const openAI = group("OpenAI voices");
  for (const speaker of speakers) {
    const option = new Option(describe(speaker), "spk:" + speaker.id);
    (speaker.kind === "cloned" ? cloned : builtIn).append(option);
  }
  const speakerIDs = new Set(speakers.map((s) => s.id));
  for (const voice of voices.filter((v) => !speakerIDs.has(v.id))) {
    openAI.append(new Option(`${voice.id} → ${voice.speaker}`, "voice:" + voice.id));
  }
  for (const g of [builtIn, cloned, openAI]) if (!g.children.length) g.remove();
  if ([...select.options].some((o) => o.value === previous)) select.value = previous;
  renderCloned(speakers.filter((s) => s.kind === "cloned"));
}

function describe(speaker) {
  const traits = [speaker.language, speaker.gender].filter(Boolean).join(", ");
  return traits ? `${speaker.id} (${traits})` : speaker.id;
}

function renderCloned(cloned) {
  const body = $("cloned").querySelector("tbody");
  body.replaceChildren(...cloned.map((speaker) => {
    const row = document.createElement("tr");
    row.dataset.speaker = speaker.id;
    const created = speaker.created ? new Date(speaker.created).toLocaleString() : "–";
    for (const value of [speaker.id, created, speaker.language ?? "–", speaker.gender ?? "–"]) {
      const cell = document.createElement("td");
      cell.textContent = value;
      row.append(cell);
    }
    const actions = document.createElement("td");
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "delete";
    remove.textContent = "Delete";
    remove.setAttribute("aria-label", `Delete speaker ${speaker.id}`);
    remove.addEventListener("click", () => deleteSpeaker(speaker.id));
    actions.append(remove);
    row.append(actions);
    return row;
  }));
  $("no-cloned").hidden = cloned.length > 0;
}

async function deleteSpeaker(id) {
  if (!window.confirm(`Delete the cloned speaker “${id}”?`)) return;
  try {
    await api("/speakers/" + encodeURIComponent(id), { method: "DELETE" });
    showStatus(`Deleted speaker ${id}.`);
    await loadSpeakers();
  } catch (error) {
    showStatus("Could not delete: " + error.message, "error");
  }
}

// MARK: - Prompt

/** The prompt to upload: the chosen file, else the last recording. */
function promptAudio() {
  const file = $("prompt-file").files[0];
  if (file) return { blob: file, name: file.name };
  if (state.recording) return { blob: state.recording, name: "recording.wav" };
  return null;
}

async function toggleRecording() {
  const button = $("record");
  if (state.recorder) { state.recorder.stop(); return; }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const recorder = new MediaRecorder(stream);
    const parts = [];
    recorder.ondataavailable = (event) => parts.push(event.data);
    recorder.onstop = async () => {
      stream.getTracks().forEach((track) => track.stop());
      state.recorder = null;
      button.textContent = "Record from microphone";
      button.setAttribute("aria-pressed", "false");
      try {
        // Converted to WAV here, so the server receives a format it always reads.
        const decoded = await context().decodeAudioData(await new Blob(parts).arrayBuffer());
        state.recording = Wav.fromAudioBuffer(decoded);
        $("prompt-file").value = "";
        const preview = $("prompt-preview");
        preview.src = URL.createObjectURL(state.recording);
        preview.hidden = false;
        $("recording-state").textContent = `Recorded ${decoded.duration.toFixed(1)} s.`;
      } catch (error) {
        $("recording-state").textContent = "The recording could not be decoded: " + error.message;
      }
    };
    recorder.start();
    state.recorder = recorder;
    button.textContent = "Stop recording";
    button.setAttribute("aria-pressed", "true");
    $("recording-state").textContent = "Recording…";
  } catch (error) {
    $("recording-state").textContent = "No microphone: " + error.message;
  }
}

// MARK: - Synthesis

function context() {
  if (!state.audioContext) state.audioContext = new AudioContext();
  if (state.audioContext.state === "suspended") state.audioContext.resume();
  return state.audioContext;
}

function mode() { return document.querySelector("input[name=mode]:checked").value; }

/** The request for the form's current choices: a path and fetch options. */
function buildRequest(format) {
  const text = $("text").value;
  const speed = Number($("speed").value) || 1;
  const [kind, id] = splitChoice($("speaker").value);
  const currentMode = mode();
  if ((currentMode === "sft" || currentMode === "instruct") && kind === "voice") {
    const body = { model: "tts-1", input: text, voice: id, response_format: format, speed };
    if (currentMode === "instruct") body.instructions = $("instruct-text").value;
    return { path: "/v1/audio/speech", options: jsonBody(body) };
  }
  if (currentMode === "sft") {
    return { path: "/tts", options: jsonBody({ tts_text: text, spk_id: id, stream: true, speed, format }) };
  }
  if (currentMode === "instruct") {
    return { path: "/tts/instruct", options: jsonBody({ tts_text: text, spk_id: id, instruct_text: $("instruct-text").value, stream: true, speed, format }) };
  }
  const prompt = promptAudio();
  if (!prompt) throw new Error("choose a prompt file or record one first");
  const form = new FormData();
  form.append("tts_text", text);
  if (currentMode === "zero_shot") form.append("prompt_text", $("prompt-text").value);
  form.append("stream", "true");
  form.append("speed", String(speed));
  form.append("format", format);
  form.append("prompt_wav", prompt.blob, prompt.name);
  return { path: "/tts/" + currentMode, options: { method: "POST", body: form } };
}

function splitChoice(value) {
  const colon = value.indexOf(":");
  return [value.slice(0, colon), value.slice(colon + 1)];
}

function jsonBody(body) {
  return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

function resetResult() {
  const result = $("result");
  result.dataset.state = "requesting";
  delete result.dataset.firstAudioMs;
  delete result.dataset.durationS;
  for (const id of ["first-audio", "duration", "sample-rate", "instruct-controls"]) $(id).textContent = "–";
  $("download").hidden = true;
  $("encoded-player").hidden = true;
  if (state.downloadURL) URL.revokeObjectURL(state.downloadURL);
  state.downloadURL = null;
}

function offerDownload(blob, name) {
  state.downloadURL = URL.createObjectURL(blob);
  const link = $("download");
  link.href = state.downloadURL;
  link.download = name;
  link.textContent = `Download ${name}`;
  link.hidden = false;
  return state.downloadURL;
}

async function speak(event) {
  event.preventDefault();
  stop();
  resetResult();
  const format = $("format").value;
  const result = $("result");
  // WAV is streamed as raw PCM and played piece by piece; encoded formats are played once complete.
  const wireFormat = format === "wav" ? "pcm" : format;
  let request;
  try { request = buildRequest(wireFormat); } catch (error) { showStatus(error.message, "error"); result.dataset.state = "error"; return; }
  const abort = new AbortController();
  state.abort = abort;
  const audio = context();
  const started = performance.now();
  showStatus("Synthesising…");
  try {
    const response = await api(request.path, { ...request.options, signal: abort.signal });
    const rate = Number(response.headers.get("X-Sample-Rate")) || 24000;
    $("sample-rate").textContent = `${rate} Hz`;
    const controls = response.headers.get("X-Instruct-Controls");
    if (controls) $("instruct-controls").textContent = formatControls(controls);
    const reader = response.body.getReader();
    const player = wireFormat === "pcm" ? new StreamPlayer(audio, rate) : null;
    state.player = player;
    const encoded = [];
    let first = true;
    result.dataset.state = "playing";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value.length) continue;
      if (first) {
        first = false;
        const ms = Math.round(performance.now() - started);
        result.dataset.firstAudioMs = String(ms);
        $("first-audio").textContent = `${ms} ms`;
      }
      if (player) {
        player.push(value);
        $("duration").textContent = `${player.duration.toFixed(2)} s`;
      } else {
        encoded.push(value);
      }
    }
    if (player) {
      result.dataset.durationS = player.duration.toFixed(3);
      $("duration").textContent = `${player.duration.toFixed(2)} s`;
      offerDownload(player.wav(), "speech.wav");
      showStatus("Playing…");
      await player.finished();
    } else {
      const type = response.headers.get("Content-Type") || "application/octet-stream";
      const blob = new Blob(encoded, { type });
      const url = offerDownload(blob, `speech.${format === "opus" ? "ogg" : format}`);
      const element = $("encoded-player");
      element.src = url;
      element.hidden = false;
      await new Promise((resolve) => { element.onloadedmetadata = resolve; element.onerror = resolve; });
      if (Number.isFinite(element.duration)) {
        result.dataset.durationS = element.duration.toFixed(3);
        $("duration").textContent = `${element.duration.toFixed(2)} s`;
      }
      element.play().catch(() => { /* the controls remain */ });
    }
    if (state.abort === abort) {
      result.dataset.state = "done";
      showStatus("Done.");
    }
  } catch (error) {
    if (error.name === "AbortError") { result.dataset.state = "stopped"; showStatus("Stopped."); return; }
    result.dataset.state = "error";
    showStatus("Synthesis failed: " + error.message, "error");
  }
}

function formatControls(header) {
  try {
    return Object.entries(JSON.parse(header)).map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : value}`).join(", ");
  } catch (_) {
    return header;
  }
}

function stop() {
  if (state.abort) state.abort.abort();
  state.abort = null;
  if (state.player) state.player.stop();
  state.player = null;
}

// MARK: - Clone

async function clone(event) {
  event.preventDefault();
  const prompt = promptAudio();
  if (!prompt) { showStatus("Choose a prompt file or record one first (Prompt recording, in zero-shot mode).", "error"); return; }
  const id = $("clone-id").value.trim();
  const form = new FormData();
  form.append("spk_id", id);
  form.append("prompt_text", $("prompt-text").value);
  form.append("prompt_audio", prompt.blob, prompt.name);
  try {
    const body = await (await api("/clone", { method: "POST", body: form })).json();
    showStatus(`Cloned speaker ${body.spk_id}.`);
    $("clone-id").value = "";
    await loadSpeakers();
  } catch (error) {
    showStatus("Could not clone: " + error.message, "error");
  }
}

// MARK: - Set-up

function showModeFields() {
  const current = mode();
  for (const element of document.querySelectorAll("[data-modes]")) {
    element.hidden = !element.dataset.modes.split(" ").includes(current);
  }
}

async function refresh() {
  try {
    await loadSpeakers();
    document.body.dataset.ready = "true";
  } catch (error) {
    showStatus("Could not load speakers: " + error.message, "error");
  }
}

function start() {
  $("api-key").value = localStorage.getItem(KEY_STORAGE) || "";
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
    showStatus(key ? "API key saved in this browser." : "API key removed.");
    refresh();
  });
  for (const radio of document.querySelectorAll("input[name=mode]")) radio.addEventListener("change", showModeFields);
  $("prompt-file").addEventListener("change", () => {
    const file = $("prompt-file").files[0];
    if (!file) return;
    state.recording = null;
    const preview = $("prompt-preview");
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
    $("recording-state").textContent = "";
  });
  $("record").addEventListener("click", toggleRecording);
  $("synth-form").addEventListener("submit", speak);
  $("stop").addEventListener("click", stop);
  $("clone-form").addEventListener("submit", clone);
  showModeFields();
  refresh();
}

start();
