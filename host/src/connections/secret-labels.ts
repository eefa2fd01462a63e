import type { ConnectableApp } from '../apps/catalog-app';

/**
 * A secret field's label for messages people read: its schema `title` ("API key"), so no field
 * id reaches the page.
 */
export function secretLabels(app: ConnectableApp): (field: string) => string {
  const properties = (app.contribution.connectionForm.schema as { properties?: Record<string, { title?: unknown }> }).properties ?? {};
  return (field) => {
    const title = Object.prototype.hasOwnProperty.call(properties, field) ? properties[field]?.title : undefined;
    return typeof title === 'string' && title !== '' ? title : 'secret';
  };
}
