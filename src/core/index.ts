// The public surface of core: everything here runs in Node, a browser and a web worker.
export * from './types';
export * from './model';
export * from './markdown';
export * from './formats/types';
export * from './formats/index';
export * from './parse/index';
export * from './lint';
export * from './config';
export * from './fix';
export * from './suppress';
export * from './rules/index';
