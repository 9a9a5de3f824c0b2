import { useEffect, useMemo, useRef } from 'react';
import { DATASET_TABLE, type Dataset, type DatasetKind } from '../../data';
import { CLASS_COLOURS } from '../draw/palette';
import { Panel } from './Panel';
import { putPixels } from './useLiveCanvas';
import { MARKER_SHAPES, drawDigitsGrid, drawScatter, type MarkerShape } from './dataPreviewDraw';

/** CSS size of the scatter canvas; drawn at up to 2x for sharp markers on dense screens. */
const SCATTER_CSS_SIZE = 280;
const DIGITS_LAYOUT = { columns: 8, rows: 3 };

/** One line per kind: what the panel shows and what to look for. */
const CAPTIONS: Readonly<Record<DatasetKind, string>> = {
  classification2d: 'The data: training points filled, validation points hollow; colour and shape give the class.',
  regression2d: 'The data: each point’s colour is its target (blue low, white middle, orange high); training filled, validation hollow.',
  regression1d: 'A few noisy samples of y = sin x (grey dashes): a big network can thread every training point and miss the curve.',
  features: 'The first training rows: only the starred features decide the label; with L1 on, watch whether the network finds them.',
  digits: 'Sample training images with the labels the network learns from (real MNIST handwriting).',
  csv: 'The first rows of your file; numeric columns other than the label are the inputs.',
};

const FILLED_GLYPHS: Readonly<Record<MarkerShape, string>> = { circle: '●', square: '■', triangle: '▲', diamond: '◆', cross: '✖', plus: '✚' };
const HOLLOW_GLYPHS: Readonly<Record<MarkerShape, string>> = { circle: '○', square: '□', triangle: '△', diamond: '◇', cross: '✕', plus: '✛' };

function rgb(colour: readonly [number, number, number]): string {
  return `rgb(${colour.map(Math.round).join(',')})`;
}

function devicePixelScale(): number {
  const ratio = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  return Math.min(2, Math.max(1, Math.round(ratio)));
}

/** Draws a pixel buffer once per change of data (the data preview is not live). */
function PixelCanvas({ pixels, width, height, label, cssWidth }: { pixels: Uint8ClampedArray; width: number; height: number; label: string; cssWidth: number }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvasRef.current) putPixels(canvasRef.current, pixels, width, height);
  }, [pixels, width, height]);
  return <canvas ref={canvasRef} width={width} height={height} role="img" aria-label={label} style={{ maxWidth: cssWidth }} />;
}

function ScatterView({ dataset }: { dataset: Dataset }) {
  const scale = devicePixelScale();
  const size = SCATTER_CSS_SIZE * scale;
  const raster = useMemo(() => drawScatter(dataset, size), [dataset, size]);
  if (!raster) return null;
  const oneD = dataset.pipeline.rawSize === 1;
  return (
    <>
      <PixelCanvas pixels={raster.pixels} width={raster.width} height={raster.height} label={`Scatter plot: ${dataset.summary}`} cssWidth={SCATTER_CSS_SIZE} />
      <ul className="legend" aria-label="Legend">
        {dataset.task === 'classification' && !oneD
          ? (dataset.classNames ?? []).map((name, index) => {
              const shape = MARKER_SHAPES[index % MARKER_SHAPES.length];
              return (
                <li key={name}>
                  <span aria-hidden="true" style={{ color: rgb(CLASS_COLOURS[index % CLASS_COLOURS.length]) }}>
                    {FILLED_GLYPHS[shape]}
                  </span>{' '}
                  {name} ({shape})
                </li>
              );
            })
          : null}
        {dataset.task === 'regression' && !oneD ? (
          <li>
            <span className="legend-swatch" aria-hidden="true" style={{ background: 'linear-gradient(90deg,#0072B2,#f7f7f7,#E69F00)' }} />
            target: low … high
          </li>
        ) : null}
        <li>
          <span aria-hidden="true" style={oneD ? { color: '#0072B2' } : undefined}>●</span> filled: training
        </li>
        <li>
          <span aria-hidden="true" style={oneD ? { color: '#D55E00' } : undefined}>{HOLLOW_GLYPHS.circle}</span> hollow: validation
        </li>
        {oneD ? <li>grey dashes: the true curve y = sin x</li> : null}
      </ul>
    </>
  );
}

function DigitsView({ dataset }: { dataset: Dataset }) {
  const zoom = (dataset.imageShape?.[1] ?? 28) <= 14 ? 3 : 2;
  const grid = useMemo(() => drawDigitsGrid(dataset, { ...DIGITS_LAYOUT, scale: zoom * devicePixelScale() }), [dataset, zoom]);
  if (!grid) return null;
  const label = `The first ${grid.labels.length} training images, labelled ${grid.labels.join(', ')}`;
  return <PixelCanvas pixels={grid.raster.pixels} width={grid.raster.width} height={grid.raster.height} label={label} cssWidth={grid.raster.width / devicePixelScale()} />;
}

function TableView({ dataset }: { dataset: Dataset }) {
  const table = dataset.previewTable;
  if (!table) return null;
  const informative = new Set(dataset.informativeFeatures ?? []);
  return (
    <div className="data-preview-table" role="group" aria-label="First rows" tabIndex={0} style={{ overflowX: 'auto' }}>
      <table>
        <thead>
          <tr>
            {table.columns.map((column, index) => (
              <th key={column} scope="col" aria-label={informative.has(index) ? `${column} (informative)` : undefined}>
                {column}
                {informative.has(index) ? ' ★' : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, cellIndex) => (
                <td key={cellIndex} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {informative.size > 0 ? <p className="legend">★ informative feature (decides the label); the others are noise.</p> : null}
    </div>
  );
}

/** What the chosen dataset looks like: points, a curve's samples, digit images or a table head. */
export function DataPreview({ dataset }: { dataset: Dataset | null }) {
  const kind = dataset ? DATASET_TABLE[dataset.name].kind : null;
  return (
    <Panel title="Data preview" caption={kind ? CAPTIONS[kind] : 'The data the network learns from.'}>
      {() =>
        !dataset || !kind ? (
          <p className="empty-note">No data yet.</p>
        ) : (
          <>
            {kind === 'digits' ? <DigitsView dataset={dataset} /> : kind === 'features' || kind === 'csv' ? <TableView dataset={dataset} /> : <ScatterView dataset={dataset} />}
            <p className="data-preview-summary">{dataset.summary}.</p>
            {dataset.adjustments.map((note) => (
              <p key={note} className="empty-note">
                {note}
              </p>
            ))}
            {dataset.credit ? <p className="credit">{dataset.credit}</p> : null}
          </>
        )
      }
    </Panel>
  );
}
