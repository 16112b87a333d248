import { Router } from 'express';
import type { SharedServices } from '../graphql/context.js';
import { loadExport } from '../jobs/modelExport.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Serves each READY model in the standard TensorFlow.js layers format:
 * `/models/{id}/model.json` and the `weights.bin` file it names, so that
 * `tf.loadLayersModel('http://…/models/{id}/model.json')` works.
 */
export function modelFileRoutes(services: SharedServices): Router {
  const router = Router();

  router.get('/:id/:file', async (request, response) => {
    const { id, file } = request.params;
    if (file !== 'model.json' && file !== 'weights.bin') {
      response.status(404).json({ error: `unknown file ${JSON.stringify(file)}; use model.json or weights.bin` });
      return;
    }
    if (!UUID_PATTERN.test(id)) {
      response.status(404).json({ error: `model ${JSON.stringify(id)} was not found` });
      return;
    }

    try {
      const exported = await loadExport(services.db, id);
      if (!exported) {
        response.status(404).json({ error: `model ${id} was not found or is not READY` });
        return;
      }
      if (file === 'model.json') {
        response.json(exported.modelJson);
      } else {
        response.type('application/octet-stream').send(Buffer.from(exported.weightData));
      }
    } catch (error) {
      services.logger.error({ err: error, modelId: id }, 'model export failed');
      response.status(500).json({ error: 'model export failed; the error was logged on the server' });
    }
  });

  return router;
}
