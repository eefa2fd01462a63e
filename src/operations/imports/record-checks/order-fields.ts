/**
 * The order fields CartRover knows (reference §6: the union of its fixtures, its C# client's model
 * and the U1 client), which import records may carry. A record field outside these is refused with
 * its name, so a typo ("ship_ctiy") fails its record instead of being dropped on the way.
 */
export const ORDER_FIELDS = [
  // Identity, timestamps
  'created_date_time', 'updated_date_time', 'record_no', 'version', 'format', 'cust_ref', 'cust_ref_original', 'cust_po_no',
  'cust_po_no_original', 'po_number', 'customer_id', 'order_source', 'order_date', 'order_status', 'total_qty', 'num_to_ship', 'num_shipped',
  // Shipping method
  'carrier', 'ship_code', 'ship_code_description', 'working_ship_code', 'orig_ship_code', 'orig_carrier', 'ship_account_no',
  'ship_account_zip', 'special_services', 'shipping_instructions', 'weight',
  // Bill-to and ship-to
  ...['company', 'title', 'first_name', 'last_name', 'address_1', 'address_2', 'address_3', 'city', 'state', 'zip', 'country', 'phone', 'e_mail']
    .flatMap((field) => [`cust_${field}`, `ship_${field}`]),
  'ship_address_type', 'ship_is_billing',
  // Money
  'sub_total', 'order_discount', 'sales_tax', 'shipping_handling', 'grand_total', 'balance', 'currency_code', 'tax_exempt_sw', 'pay_type',
  'credit_card_no', 'expiration_date', 'cc_last_four', 'cvv', 'token_sw', 'gift_card_sw', 'pre_auth_code', 'pre_auth_amt', 'pre_auth_id',
  'installment_program', 'prepaid_order',
  // Free-form
  'promo_code', 'gift_message', 'gift_wrap', 'media_week', 'ani_phone', 'vendor_phone', 'location', 'extra_fields',
  // Validation, fraud
  'cass_code_ship', 'cass_error_ship', 'cass_code_cust', 'cass_error_cust', 'cass_date', 'error_code', 'error_msg', 'ifraud_error_code',
  'xfraud_error_code', 'credit_error_code', 'black_list', 'credit_score', 'fraud_score',
  // Workflow
  'load_override_sw', 'fail_action', 'action_dt', 'filename', 'call_queue', 'duplicate_sw', 'org_file_no', 'delete_date', 'routing_sw',
  'sent_to_region', 'accepted_by_region', 'regional_center', 'regional_order_no', 'regional_ship_date', 'regional_retry_sw', 'regional_error',
  'regional_attempts', 'first_attempt', 'cancel_date', 'expected_delivery_date', 'requested_ship_date', 'latest_ship_date',
  'delivered_to_wms_date', 'error_reason', 'mark_in_progress_date', 'extra_system_date_sent', 'sending_canceled', 'shipping_pickup_canceled',
  'on_hold', 'num_failed_sends', 'inventory_warehouse_pk', 'shipment_pk', 'changed_by', 'changed_from_server', 'changed_by_user',
  // Lines and shipments (checked by their own DTOs)
  'items', 'shipments',
  // orders.update's shorthand for one shipment per tracking number
  'tracking_no',
] as const;

/** Field families the reference names only by prefix (`check_*`: ten fields, `custom_field_1..5`...). */
export const ORDER_FIELD_PREFIXES = ['check_', 'clerk_', 'rep_', 'ncoa_', 'custom_field_', 'custom_'] as const;

/** Fields of an order line (reference §6 `items[]`; `shipping_subcharge` is U1's spelling on create). */
export const ORDER_LINE_FIELDS = [
  'line_no', 'item', 'lot_number', 'quantity', 'price', 'discount', 'addl_discount', 'extended_amount', 'tax', 'shipping_surcharge',
  'shipping_subcharge', 'line_item_id', 'line_comment', 'description', 'Description', 'alt_sku', 'filtered_sku', 'line_location', 'extra_fields',
  // what a read with include_aliases adds (an exported order passed on keeps it)
  'aliases',
] as const;

/** Fields of a shipment (reference §5.4) and of its items. */
export const SHIPMENT_FIELDS = [
  'carrier', 'method', 'tracking_no', 'tracking_no_secondary', 'sscc_barcode', 'bill_of_lading', 'total_cost', 'package_weight_lbs',
  'dim_weight_lbs', 'zone', 'delivery_surcharge_type', 'whs_location', 'box_length_in', 'box_width_in', 'box_height_in', 'date', 'custom_1',
  'custom_2', 'custom_3', 'tracking_url', 'items',
] as const;
