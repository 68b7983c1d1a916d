Feature: Chatting with an agent
  Besides text, a chat carries files, typing indicators and read receipts. A file the
  customer attaches is uploaded through the Participant API and reaches the agent as it
  was sent; the agent sees when the customer is typing; and the customer sees when the
  agent has read their message.

  Background:
    Given the flows in "features/agent-chat/flows" are published
    And a queue "Support"
    And a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 2           | no                              |
    And an agent "Ana" with the routing profile "Support chat"
    And agent "Ana" is available
    When a customer starts a chat on the flow "Support chat"
    And agent "Ana" accepts the chat

  @critical
  Scenario: The customer sends a photo of the receipt and the agent gets the same file
    When the customer sends "Here is the receipt for the order"
    And the customer sends the attachment "files/receipt.png"
    Then agent "Ana" receives "Here is the receipt for the order"
    And agent "Ana" receives the attachment "receipt.png"

  Scenario: The agent sees the customer typing, and the customer sees the agent read the message
    When the customer starts typing
    Then agent "Ana" sees the customer typing
    When the customer sends "My parcel arrived damaged"
    And agent "Ana" receives "My parcel arrived damaged"
    And agent "Ana" reads the customer's last message
    Then the customer sees that their last message was read
