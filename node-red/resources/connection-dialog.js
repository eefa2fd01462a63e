/*
 * The cartrover-connection dialog in Node-RED's editor (served at
 * resources/node-red-contrib-cartrover/connection-dialog.js). It draws the form the plugin renders
 * (POST cartrover/connection-form, an admin endpoint): the rows, their order, labels, help,
 * visibility, the lender list and the pool note all come from the render, so the rules stay in the
 * plugin. Inputs are `node-config-input-<fieldId>`, which is where Node-RED reads a config node's
 * properties and credentials from on save. "Test" posts the dialog's values to
 * cartrover/connection-test and shows the verdict sentence.
 */
(function () {
  'use strict';

  var FORM_URL = 'cartrover/connection-form';
  var TEST_URL = 'cartrover/connection-test';
  /** What Node-RED's editor puts in a password input whose value is stored and not sent back. */
  var STORED_PASSWORD = '__PWRD__';
  var PROPERTY_FIELDS = ['name', 'borrowConcurrencyFrom', 'concurrencyLevel'];
  var RENDER_DELAY_MS = 150;

  function inputOf(fieldId) {
    return $('#node-config-input-' + fieldId);
  }

  /** Every cartrover-connection node in the editor (deployed or not), by what the form needs. */
  function editorConnections() {
    var connections = [];
    RED.nodes.eachConfig(function (node) {
      if (node.type !== 'cartrover-connection') return;
      connections.push({ id: node.id, name: node.name || '', borrowConcurrencyFrom: node.borrowConcurrencyFrom || '', concurrencyLevel: node.concurrencyLevel || '' });
    });
    return connections;
  }

  function post(url, body) {
    return $.ajax({ url: url, method: 'POST', contentType: 'application/json', dataType: 'json', data: JSON.stringify(body) });
  }

  function Dialog(node) {
    this.node = node;
    this.rendered = false;
    this.sequence = 0;
    this.timer = undefined;
    this.container = $('#cartrover-connection-fields');
    var credentials = node.credentials || {};
    // The starting values: the node's properties and credentials (a stored key shows as Node-RED's placeholder).
    this.initial = {
      name: node.name || '',
      apiUser: credentials.apiUser || '',
      apiKey: credentials.has_apiKey ? STORED_PASSWORD : credentials.apiKey || '',
      borrowConcurrencyFrom: node.borrowConcurrencyFrom || '',
      concurrencyLevel: node.concurrencyLevel === undefined || node.concurrencyLevel === null ? '' : String(node.concurrencyLevel),
    };
  }

  Dialog.prototype.values = function () {
    if (!this.rendered) return $.extend({}, this.initial);
    var values = {};
    this.container.find('[data-field-input]').each(function () {
      values[$(this).attr('data-field-input')] = $(this).val();
    });
    return values;
  };

  Dialog.prototype.request = function () {
    return { connectionId: this.node.id, values: this.values(), connections: editorConnections() };
  };

  Dialog.prototype.render = function () {
    var self = this;
    var sequence = ++this.sequence;
    return post(FORM_URL, this.request())
      .done(function (form) {
        if (sequence !== self.sequence) return; // an answer to an older render
        if (!self.rendered) self.build(form);
        self.update(form);
      })
      .fail(function (xhr) {
        self.showVerdict(false, (xhr.responseJSON && xhr.responseJSON.message) || 'The form could not be loaded from the Node-RED runtime');
      });
  };

  Dialog.prototype.renderSoon = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      self.render();
    }, RENDER_DELAY_MS);
  };

  /** The rows, once, in the render's order, grouped as it groups them. */
  Dialog.prototype.build = function (form) {
    var self = this;
    var group;
    this.container.empty();
    form.fields.forEach(function (field) {
      if (field.group && field.group !== group) {
        group = field.group;
        $('<div class="form-row cartrover-group"></div>').append($('<b></b>').text(group)).appendTo(self.container);
      }
      var row = $('<div class="form-row"></div>').attr('id', 'cartrover-row-' + field.id).appendTo(self.container);
      var label = $('<label></label>').attr('for', 'node-config-input-' + field.id).appendTo(row);
      $('<span class="cartrover-label"></span>').appendTo(label);
      var input;
      if (field.type === 'note') {
        input = $('<div class="form-tips cartrover-note"></div>').attr('id', 'node-config-input-' + field.id);
      } else if (field.type === 'select') {
        input = $('<select style="width: 70%"></select>').attr({ id: 'node-config-input-' + field.id, 'data-field-input': field.id });
      } else {
        input = $('<input style="width: 70%">').attr({ id: 'node-config-input-' + field.id, type: field.type === 'password' ? 'password' : 'text', 'data-field-input': field.id });
        if (field.type === 'password') input.attr('autocomplete', 'new-password');
      }
      input.appendTo(row);
      if (field.help) {
        $('<a href="#" class="cartrover-help-toggle" title="Help"> <i class="fa fa-info-circle"></i></a>')
          .on('click', function (event) {
            event.preventDefault();
            row.find('.cartrover-help').toggle();
          })
          .appendTo(label);
      }
      $('<div class="form-tips cartrover-help" style="display: none; margin-top: 4px"></div>').appendTo(row);
      $('<div class="cartrover-error" style="color: var(--red-ui-text-color-error, #d6615f); margin: 4px 0 0 104px"></div>').appendTo(row);
    });
    this.rendered = true;
    this.container.find('[data-field-input]').each(function () {
      var fieldId = $(this).attr('data-field-input');
      if ($(this).is('select')) self.setOptions($(this), form.fields.find(function (field) { return field.id === fieldId; }).options || []);
      $(this).val(self.initial[fieldId] !== undefined ? self.initial[fieldId] : '');
      $(this).on($(this).is('select') ? 'change' : 'input', function () {
        self.renderSoon();
      });
    });
  };

  Dialog.prototype.setOptions = function (select, options) {
    var current = select.val();
    select.empty();
    options.forEach(function (option) {
      $('<option></option>').attr('value', option.value).text(option.label).appendTo(select);
    });
    if (current !== null && current !== undefined) select.val(current);
  };

  /** What may change on every render: labels, help, visibility, options, the note, the messages. */
  Dialog.prototype.update = function (form) {
    var self = this;
    form.fields.forEach(function (field) {
      var row = $('#cartrover-row-' + field.id);
      row.find('.cartrover-label').text(field.label + (field.required ? ' *' : ''));
      row.find('.cartrover-help').text(field.help || '');
      row.toggle(field.visible);
      var input = inputOf(field.id);
      if (field.type === 'note') input.text(field.value);
      if (field.type === 'select') self.setOptions(input, field.options || []);
      input.prop('disabled', !!field.disabled);
      row.find('.cartrover-error').text((form.errors && form.errors[field.id]) || '');
    });
  };

  Dialog.prototype.showVerdict = function (ok, message) {
    $('#cartrover-connection-verdict')
      .text(message)
      .css('color', ok ? 'var(--red-ui-text-color-success, #5a8)' : 'var(--red-ui-text-color-error, #d6615f)');
  };

  Dialog.prototype.test = function () {
    var self = this;
    var button = $('#cartrover-connection-test');
    button.prop('disabled', true);
    this.showVerdict(true, 'Testing…');
    $('#cartrover-connection-verdict').css('color', '');
    post(TEST_URL, this.request())
      .done(function (result) {
        self.showVerdict(result.ok, result.message);
        Object.keys(result.errors || {}).forEach(function (fieldId) {
          $('#cartrover-row-' + fieldId).find('.cartrover-error').text(result.errors[fieldId]);
        });
      })
      .fail(function (xhr) {
        self.showVerdict(false, (xhr.responseJSON && xhr.responseJSON.message) || 'The test could not run: the Node-RED runtime did not answer');
      })
      .always(function () {
        button.prop('disabled', false);
      });
  };

  /** On Done: a hidden field is not stored (a borrower's own level), like the plugin's validation drops it. */
  Dialog.prototype.save = function () {
    clearTimeout(this.timer);
    PROPERTY_FIELDS.forEach(function (fieldId) {
      var row = $('#cartrover-row-' + fieldId);
      if (row.length && !row.is(':visible') && row.css('display') === 'none') inputOf(fieldId).val('');
    });
  };

  Dialog.prototype.cancel = function () {
    clearTimeout(this.timer);
  };

  var dialogs = {};

  window.CartRoverConnectionDialog = {
    prepare: function (node) {
      var dialog = new Dialog(node);
      dialogs[node.id] = dialog;
      $('#cartrover-connection-test').on('click', function (event) {
        event.preventDefault();
        dialog.test();
      });
      dialog.render();
    },
    save: function (node) {
      if (dialogs[node.id]) dialogs[node.id].save();
      delete dialogs[node.id];
    },
    cancel: function (node) {
      if (dialogs[node.id]) dialogs[node.id].cancel();
      delete dialogs[node.id];
    },
  };
})();
