/** Ship methods (reference §5.10). The cart mapping shape is unknown; ours pairs each cart code with a WMS method. */
export const WMS_SHIP_METHODS: ReadonlyArray<Readonly<Record<string, string>>> = [
  { carrier: 'USPS', code: '01', description: 'USPS First Class Parcel' },
  { carrier: 'USPS', code: '09', description: 'USPS Priority Mail' },
  { carrier: 'FEDEX', code: '50', description: 'FedEx Ground' },
  { carrier: 'UPS', code: '20', description: 'UPS 2nd Day Air' },
  { carrier: '', code: 'DB', description: 'DHLGM Parcel Intl Standard' },
];

/** `wms_code: null` means passthrough (no mapping), as in the POST body of reference §5.10. */
export function cartShipMethods(orderSource: string): Record<string, unknown>[] {
  return [
    { order_source: orderSource, cart_code: 'Standard', wms_code: '01', wms_description: 'USPS First Class Parcel' },
    { order_source: orderSource, cart_code: 'Express', wms_code: '20', wms_description: 'UPS 2nd Day Air' },
    { order_source: orderSource, cart_code: 'Ground', wms_code: '50', wms_description: 'FedEx Ground' },
    { order_source: orderSource, cart_code: 'Passthrough', wms_code: null, wms_description: null },
  ];
}
