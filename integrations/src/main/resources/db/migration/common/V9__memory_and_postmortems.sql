-- Incident memory: one document per remembered incident (or imported postmortem) with its
-- embedding, the record every recall index is rebuilt from.
CREATE TABLE memory_documents (
  id          TEXT    PRIMARY KEY,
  incident_id BIGINT,
  body        TEXT    NOT NULL,               -- the document as versioned JSON
  model       TEXT    NOT NULL,               -- the embedding model that made the vector
  vector      ${blob} NOT NULL,               -- float32 little-endian
  updated_at  BIGINT  NOT NULL
);

-- Every version of every postmortem written.
CREATE TABLE postmortems (
  incident_id BIGINT  NOT NULL,
  version     INTEGER NOT NULL,
  written_at  BIGINT  NOT NULL,
  markdown    TEXT    NOT NULL,
  file        TEXT    NOT NULL,
  sha256      TEXT    NOT NULL,
  PRIMARY KEY (incident_id, version)
);
