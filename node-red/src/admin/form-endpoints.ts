import { API_KEY_FIELD } from '../cartrover-connection-fields';
import type { TestResult } from 'cartrover-connector/contracts';
import type { AdminRequest, AdminResponse, NodeRedApi } from '../node-red-api';
import type { CartRoverRuntime, LoadedPlugin } from '../runtime/cartrover-runtime';
import { dialogRequestOf, editorFormContext, pluginValuesOf } from './editor-connections';
import type { DialogRequest } from './editor-connections';

/** Admin routes (under Node-RED's admin root) the connection dialog calls. */
export const FORM_ROUTE = '/cartrover/connection-form';
export const TEST_ROUTE = '/cartrover/connection-test';

/**
 * The connection dialog's two endpoints, behind Node-RED's admin authentication
 * (`RED.auth.needsPermission`): the plugin renders the form (the rules stay in the plugin, the
 * editor draws what it gets) and runs Test with the dialog's values, using the deployed key when
 * the key was left unchanged. Nothing is saved; the key is never answered or logged.
 */
export function registerFormEndpoints(RED: NodeRedApi, runtime: CartRoverRuntime): void {
  const withPlugin = (respond: (plugin: LoadedPlugin, request: DialogRequest, response: AdminResponse) => Promise<void>) => (request: AdminRequest, response: AdminResponse) => {
    const parsed = dialogRequestOf(request.body);
    if (typeof parsed === 'string') {
      response.status(400).json({ error: 'bad_request', message: parsed });
      return;
    }
    const lease = runtime.use();
    void runtime
      .plugin()
      .then((plugin) => respond(plugin, parsed, response))
      .catch((error: unknown) => response.status(503).json({ error: 'plugin_unavailable', message: (error as Error).message }))
      .finally(() => void lease.release());
  };

  RED.httpAdmin.post(
    FORM_ROUTE,
    RED.auth.needsPermission('cartrover-connection.read'),
    withPlugin(async (plugin, request, response) => {
      response.json(plugin.app.connectionForm.render(pluginValuesOf(request.values), editorFormContext(request, runtime.directory)));
    }),
  );

  RED.httpAdmin.post(
    TEST_ROUTE,
    RED.auth.needsPermission('cartrover-connection.write'),
    withPlugin(async (plugin, request, response) => {
      response.json(await testDialog(plugin, request, runtime));
    }),
  );
}

const FIX_FIELDS = 'Fix the highlighted fields, then test again';

async function testDialog(plugin: LoadedPlugin, request: DialogRequest, runtime: CartRoverRuntime): Promise<TestResult> {
  const form = plugin.app.connectionForm;
  const validation = form.validate(pluginValuesOf(request.values), editorFormContext(request, runtime.directory));
  if (!validation.ok) return { ok: false, kind: 'config', message: FIX_FIELDS, latencyMs: 0, errors: validation.errors };
  const values = { ...validation.values };
  const deployed = request.connectionId === undefined ? undefined : runtime.directory.deployed(request.connectionId);
  if (values[API_KEY_FIELD] === undefined) {
    // "Unchanged": the key deployed with this node (the form already asked for a new one if the API user changed).
    if (!deployed?.apiKey) return { ok: false, kind: 'config', message: FIX_FIELDS, latencyMs: 0, errors: { [API_KEY_FIELD]: 'Enter the API key: none is deployed yet to keep' } };
    values[API_KEY_FIELD] = deployed.apiKey;
  }
  const connectionId = request.connectionId === undefined ? undefined : runtime.directory.pluginIdOf(request.connectionId);
  // A deployed connection is tested in its own pool (a saturated one answers "busy" instead of queueing behind flows).
  return plugin.app.testHandler.test({ values, validated: true, ...(connectionId === undefined ? {} : { connectionId }) });
}
