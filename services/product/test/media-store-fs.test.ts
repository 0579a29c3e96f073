import { describeMediaStoreContract } from './media-store-contract.js';
import { temporaryMediaStore } from './temporary-media-store.js';

describeMediaStoreContract('directory', temporaryMediaStore);
