"""Online link checking. The only part of paperbot that touches the network."""
