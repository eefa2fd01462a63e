/*
 * Uploading a file from disk: a file chooser and drag-and-drop onto the drop zone. The file goes to
 * PUT /api/files/:name as it is (the browser streams it), with the upload's progress shown;
 * fetch cannot report upload progress, so this one request uses XMLHttpRequest.
 */
import { describeError, enc } from './api.js';
import { loadFiles } from './data.js';
import { $, confirmDialog, plural, showMessage } from './dom.js';
import { state } from './state.js';
import { hostOnline } from './status.js';

/** A name the files API accepts: letters, digits, dots, dashes, underscores; starts with a letter or digit. */
export function storedNameFor(fileName) {
  const cleaned = fileName.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned || 'upload.ndjson';
}

function showProgress(percent, text) {
  const box = $('file-upload-progress');
  box.hidden = percent === undefined;
  if (percent === undefined) return;
  $('file-upload-bar').value = percent;
  $('file-upload-text').textContent = text;
}

function put(name, file) {
  return new Promise((resolve) => {
    const request = new window.XMLHttpRequest();
    request.open('PUT', `/api/files/${enc(name)}`);
    request.setRequestHeader('content-type', 'application/x-ndjson');
    request.setRequestHeader('accept', 'application/json');
    request.upload.addEventListener('progress', (event) => {
      if (!event.lengthComputable) return;
      const percent = Math.floor((event.loaded * 100) / event.total);
      showProgress(percent, `Uploading “${name}”: ${percent} %`);
    });
    request.addEventListener('load', () => {
      let data;
      try {
        data = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        data = undefined;
      }
      resolve({ ok: request.status >= 200 && request.status < 300, status: request.status, data });
    });
    request.addEventListener('error', () => resolve({ ok: false, status: 0, data: { message: 'The host cannot be reached; the file was not uploaded.' } }));
    request.send(file);
  });
}

let uploading = false;

/** Uploads one file from disk under its own (cleaned) name; asks before replacing a stored file. */
export async function uploadFromDisk(file) {
  const message = $('file-drop-message');
  if (uploading) return;
  if (!hostOnline()) {
    showMessage(message, 'The host cannot be reached; try again when it is back.', 'error');
    return;
  }
  const name = storedNameFor(file.name);
  if (state.files.some((stored) => stored.name === name)) {
    const replace = await confirmDialog({ title: 'Replace file', text: `A file named “${name}” is stored already. Replace it with the one from your computer?`, okLabel: 'Replace' });
    if (!replace) return;
  }
  uploading = true;
  showMessage(message, '');
  showProgress(0, `Uploading “${name}”: 0 %`);
  const resp = await put(name, file);
  uploading = false;
  $('file-picker').value = '';
  if (!resp.ok) {
    showProgress(undefined);
    showMessage(message, `“${file.name}” was not uploaded: ${describeError(resp, 'the host refused it.')}`, 'error');
    return;
  }
  showProgress(100, `Uploading “${name}”: 100 %`);
  const records = resp.data && typeof resp.data.records === 'number' ? ` (${plural(resp.data.records, 'record')})` : '';
  showMessage(message, `Uploaded “${name}”${records}${name === file.name ? '' : `, the name the host keeps for “${file.name}”`}.`, 'success');
  await loadFiles();
}

export function setUpFileUpload() {
  const zone = $('file-drop');
  $('file-picker').addEventListener('change', () => {
    const file = $('file-picker').files[0];
    if (file) uploadFromDisk(file);
  });
  // A file dragged over the zone may be dropped there (and not opened by the browser instead).
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('is-dragging');
    });
  }
  zone.addEventListener('dragleave', () => zone.classList.remove('is-dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('is-dragging');
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) uploadFromDisk(file);
  });
}
