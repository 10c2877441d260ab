// What yo loads: the generator is written in TypeScript under src/ and compiled to dist/.
export { default } from '../../dist/yeoman/app-generator.js';
