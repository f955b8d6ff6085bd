/**
 * The failure converter of every process that holds a payload key (named by `failureConverterPath` in
 * data-converter.ts, so the SDK loads it in the client, the worker and the workflow bundle): a failure's
 * message and stack trace move into its `encodedAttributes` payload, which the codec then encrypts.
 * Left in the clear are the failure's type and the placeholder message "Encoded failure".
 * Bundled into workflow code: imports nothing but @temporalio/common.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
